package io.aeserve.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.LoadedModel;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.storage.Float32Codec;
import io.aeserve.storage.Npy;
import io.aeserve.support.Engines;
import io.aeserve.support.HttpJson;
import io.aeserve.support.Requirements;
import io.aeserve.support.ServiceProcess;
import io.aeserve.support.Specs;
import io.aeserve.support.TempDirs;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Batch inference over HTTP against the engine: {@code reconstruct} with 256 Fashion-MNIST rows per request from 4
 * client connections, with JSON (numbers written as floats, and as the doubles Python clients send), raw float32 and
 * {@code .npy} bodies both ways, beside the in-process forward pass of the same dense 784-392-196 network at batch 256
 * (reconstruction and per-row error as float arrays): first one caller on the engine's threads, then two callers at
 * once on one thread each, as the service's batchers run. The service runs in a JVM of its own; the load generator runs
 * in this one, on the same machine, over plain keep-alive connections that cost about what wrk costs. Each way is first
 * loaded for the warm-up, long enough for the service's compiler to settle on 2 cores; then the ways are measured in
 * turn, round after round, so that load from elsewhere on the machine hits them alike; each line is a percentage of the
 * first forward pass of its own round, and the summary takes each one's median, as a percentage of both in-process
 * ways. Run with {@code ./mvnw test -Pbenchmark -Dtest=HttpBatchBenchmark} ({@code -Dbenchmark.seconds=10} per
 * measurement, {@code -Dbenchmark.warmup=30} per way before the first round, {@code -Dbenchmark.rounds=3}; {@code
 * -Dbenchmark.jfr=/tmp/service.jfr} records the service with Java Flight Recorder; {@code
 * -Dbenchmark.service.args="--aeserve.inference.batching.workers=1"} passes properties to the service).
 */
@Tag("benchmark")
class HttpBatchBenchmark {

    static final int CLIENTS = 4;
    static final int ROWS = 256;
    static final int FEATURES = 784;
    static final String MODEL = "batch";
    /** As the service's batchers run by default: two passes at once, each on one engine thread. */
    static final int SIDE_BY_SIDE = 2;
    static final String IN_PROCESS_SIDE_BY_SIDE = "in-process, 2 passes at once, 1 thread each";
    static final String SPEC = "{\"variant\": \"dense\", \"inputShape\": [784], \"hiddenLayers\": [392],"
            + " \"latentDim\": 196}";

    @Test
    void printBatchThroughputPerBodyFormat() throws Exception {
        Requirements.fashionMnist();
        int seconds = Integer.getInteger("benchmark.seconds", 10);
        int warmup = Integer.getInteger("benchmark.warmup", 30);
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        DataMatrix test = new FashionMnist(Requirements.FASHION_MNIST).split("test").reshape(List.of(FEATURES));
        float[] batch = Arrays.copyOf(test.values(), ROWS * FEATURES);
        String jfr = System.getProperty("benchmark.jfr");
        Map<String, String> environment = jfr == null ? Map.of()
                : Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        Path data = Files.createTempDirectory("aeserve-batchbench-");
        try (ServiceProcess service = new ServiceProcess(data, "2g", environment,
                Arrays.stream(System.getProperty("benchmark.service.args", "").split(" "))
                        .filter(arg -> !arg.isBlank()).toArray(String[]::new));
                LoadedModel local = trainLocally(test)) {
            trainServed(service.http);
            URI reconstruct = URI.create(service.http.base() + "/api/v1/models/" + MODEL + "/reconstruct");
            Map<String, ClosedLoop.Callers> ways = new LinkedHashMap<>();
            ways.put("in-process forward pass, batch 256", forward(local, batch, 0));
            ways.put(IN_PROCESS_SIDE_BY_SIDE, forward(local, batch, 1));
            ways.put("HTTP JSON -> JSON", http(reconstruct, KeepAliveConnection.post(reconstruct,
                    Map.of("Content-Type", "application/json", "Accept", "application/json"), jsonBody(batch, false)),
                    this::checkJson));
            ways.put("HTTP JSON, numbers as doubles -> JSON", http(reconstruct, KeepAliveConnection.post(reconstruct,
                    Map.of("Content-Type", "application/json", "Accept", "application/json"), jsonBody(batch, true)),
                    this::checkJson));
            ways.put("HTTP float32 -> float32", http(reconstruct, KeepAliveConnection.post(reconstruct,
                    Map.of("Content-Type", "application/octet-stream", "Accept", "application/octet-stream"),
                    Float32Codec.encode(batch)), body -> body.length == ROWS * FEATURES * Float.BYTES));
            ways.put("HTTP .npy -> .npy", http(reconstruct, KeepAliveConnection.post(reconstruct,
                    Map.of("Content-Type", Npy.MEDIA_TYPE, "Accept", Npy.MEDIA_TYPE),
                    Npy.write(batch, List.of(ROWS, FEATURES))),
                    body -> Npy.read(body).shape().equals(List.of(ROWS, FEATURES))));

            for (Map.Entry<String, ClosedLoop.Callers> way : ways.entrySet()) {
                try (ClosedLoop.Caller caller = way.getValue().caller()) {
                    assertThat(caller.call()).as(way.getKey() + " answers correctly").isTrue();
                }
                run(way.getValue(), callers(way.getKey()), warmup);
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            ways.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                double forward = 0;
                for (Map.Entry<String, ClosedLoop.Callers> way : ways.entrySet()) {
                    Rate rate = run(way.getValue(), callers(way.getKey()), seconds);
                    assertThat(rate.failures).as(way.getKey() + " failed requests").isZero();
                    forward = forward == 0 ? rate.rowsPerSecond : forward;
                    rates.get(way.getKey()).add(rate.rowsPerSecond);
                    System.out.printf("round %d  %-44s %,9.0f rows/s  %5.1f%%%n", round, way.getKey(),
                            rate.rowsPerSecond, 100 * rate.rowsPerSecond / forward);
                    assertThat(service.isAlive()).as(service.logTail()).isTrue();
                }
            }
            System.out.printf("%nreconstruct, %d rows per request, %d HTTP clients, %d s each after %d s warm-up"
                    + " per way, %d rounds; median rows/s (min-max)%n", ROWS, CLIENTS, seconds, warmup, rounds);
            double forward = median(rates.values().iterator().next());
            double sideBySide = median(rates.get(IN_PROCESS_SIDE_BY_SIDE));
            System.out.printf("%-44s %16s  %8s  %8s%n", "", "", "of first", "of second");
            rates.forEach((name, list) -> System.out.printf("%-44s %,9.0f rows/s  %7.1f%%  %7.1f%%  (%,.0f-%,.0f)%n",
                    name, median(list), 100 * median(list) / forward, 100 * median(list) / sideBySide,
                    list.stream().mapToDouble(d -> d).min().orElse(0), list.stream().mapToDouble(d -> d).max().orElse(0)));
        } finally {
            TempDirs.deleteQuietly(data);
        }
    }

    /** The same network as the served one, trained briefly in this JVM: the forward pass does not depend on weights. */
    private static LoadedModel trainLocally(DataMatrix test) {
        ModelSpec spec = SpecValidator.complete(Specs.dense(FEATURES).hidden(392).latent(196).build());
        TrainedModel trained = new TrainingLoop(Engines.cpu()).train(spec,
                test.select(IntStream.range(0, 2000).toArray()),
                new TrainingSettings(1, 256, OptimizerKind.ADAM, 0.001, 0.9, 0, 0, 0, 0, 1L), null, (r, e) -> { },
                () -> false);
        return new LoadedModel(spec, trained.parameters(), trained.normalization(), Engines.cpu().device(), "PyTorch");
    }

    /** Creates the model in the service and trains it one epoch on one Fashion-MNIST class. */
    private static void trainServed(HttpJson http) {
        HttpJson.Reply created = http.post("/api/v1/models", "{\"name\": \"" + MODEL + "\", \"spec\": " + SPEC + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        HttpJson.Reply started = http.post("/api/v1/models/" + MODEL + "/train",
                "{\"dataset\": \"fashion-mnist\", \"classes\": [0], \"epochs\": 1, \"seed\": 1}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode job = http.awaitJob(started.json().get("id").asString(), Duration.ofMinutes(5));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    }

    /** The callers of a way: the HTTP clients, two passes side by side, or one caller. */
    private static int callers(String way) {
        return way.startsWith("HTTP") ? CLIENTS : way.equals(IN_PROCESS_SIDE_BY_SIDE) ? SIDE_BY_SIDE : 1;
    }

    /** Forward passes in this JVM; each caller on {@code threads} engine threads, or the engine's count for 0. */
    private static ClosedLoop.Callers forward(LoadedModel model, float[] batch, int threads) {
        Set<ForwardOutput> wanted = EnumSet.of(ForwardOutput.OUTPUTS, ForwardOutput.ERRORS);
        return () -> {
            if (threads > 0) {
                Engines.cpu().useThreadsOnThisThread(threads);
            }
            return () -> {
                var result = model.forward(batch, ROWS, wanted);
                return result.get(ForwardOutput.OUTPUTS).length == ROWS * FEATURES
                        && result.get(ForwardOutput.ERRORS).length == ROWS;
            };
        };
    }

    /** Each caller on a connection of its own; the first answer it gets is checked in full, the rest by status. */
    private static ClosedLoop.Callers http(URI uri, byte[] request, BodyCheck check) {
        return () -> {
            KeepAliveConnection connection = new KeepAliveConnection(uri);
            boolean[] checked = {false};
            return new ClosedLoop.Caller() {
                @Override
                public boolean call() throws Exception {
                    if (connection.exchange(request) != 200) {
                        return false;
                    }
                    if (!checked[0]) {
                        checked[0] = true;
                        return check.ok(connection.body());
                    }
                    return connection.bodyLength() > 0;
                }

                @Override
                public void close() throws Exception {
                    connection.close();
                }
            };
        };
    }

    private boolean checkJson(byte[] body) {
        JsonNode reply = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
        return reply.get("outputs").size() == ROWS && reply.get("outputs").get(0).size() == FEATURES
                && reply.get("errors").size() == ROWS;
    }

    /**
     * The batch as JSON, each number written as the shortest decimal of the float, or of the float widened to double
     * (up to 17 digits), as Python's json module writes float32 values that numpy's tolist() made doubles.
     */
    private static byte[] jsonBody(float[] batch, boolean asDoubles) {
        StringBuilder json = new StringBuilder("{\"inputs\": [");
        for (int r = 0; r < ROWS; r++) {
            json.append(r == 0 ? "[" : ", [");
            for (int i = 0; i < FEATURES; i++) {
                float value = batch[r * FEATURES + i];
                json.append(i == 0 ? "" : ", ");
                if (asDoubles) {
                    json.append((double) value);
                } else {
                    json.append(value);
                }
            }
            json.append(']');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code threads} callers in a closed loop for {@code seconds}, in rows per second. */
    private static Rate run(ClosedLoop.Callers way, int threads, int seconds) throws Exception {
        ClosedLoop.Result result = ClosedLoop.run(way, threads, seconds);
        return new Rate(result.perSecond() * ROWS, result.failures());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    @FunctionalInterface
    interface BodyCheck {
        boolean ok(byte[] body);
    }

    record Rate(double rowsPerSecond, long failures) {}
}
