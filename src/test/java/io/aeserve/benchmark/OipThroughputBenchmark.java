package io.aeserve.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.oip.grpc.protocol.GRPCInferenceServiceGrpc;
import io.aeserve.oip.grpc.protocol.ModelInferRequest;
import io.aeserve.oip.grpc.protocol.ModelInferResponse;
import io.aeserve.support.HttpJson;
import io.aeserve.support.Requirements;
import io.aeserve.support.ServiceProcess;
import io.aeserve.support.SyntheticData;
import io.aeserve.support.TempDirs;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Single-row inference over the four ways in, one after the other in one run against one service: the service's
 * own {@code anomaly-score}, the Open Inference Protocol over REST with JSON, REST with the binary tensor
 * extension, and gRPC {@code ModelInfer} with {@code raw_input_contents}. The service runs in a JVM of its own; the
 * load generator (32 clients in a closed loop) runs in this one, on the same machine. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=OipThroughputBenchmark} ({@code -Dbenchmark.seconds=15} per surface,
 * {@code -Dbenchmark.warmup=5}).
 */
@Tag("benchmark")
class OipThroughputBenchmark {

    static final int CLIENTS = 32;
    static final int FEATURES = 784;
    static final String MODEL = "bench";

    @Test
    void printSingleRowThroughputPerSurface() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 15);
        int warmup = Integer.getInteger("benchmark.warmup", 5);
        Path data = Files.createTempDirectory("aeserve-oipbench-");
        int grpcPort = ServiceProcess.freePort();
        try (ServiceProcess service = new ServiceProcess(data, "2g", "--aeserve.grpc.port=" + grpcPort)) {
            float[] row = trainModel(service.http);
            String base = service.http.base();
            ExecutorService httpThreads = Executors.newFixedThreadPool(4);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();

            String ownBody = "{\"inputs\": [" + jsonArray(row) + "]}";
            HttpRequest own = HttpRequest.newBuilder(URI.create(base + "/api/v1/models/" + MODEL + "/anomaly-score"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ownBody)).build();

            String oipBody = "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, " + FEATURES
                    + "], \"data\": " + jsonArray(row) + "}], \"outputs\": [{\"name\": \"score\"}]}";
            HttpRequest oipJson = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + MODEL + "/infer"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(oipBody)).build();

            byte[] header = ("{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, " + FEATURES
                    + "], \"parameters\": {\"binary_data_size\": " + FEATURES * 4 + "}}],"
                    + " \"outputs\": [{\"name\": \"score\", \"parameters\": {\"binary_data\": true}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] rawRow = littleEndian(row);
            byte[] binaryBody = Arrays.copyOf(header, header.length + rawRow.length);
            System.arraycopy(rawRow, 0, binaryBody, header.length, rawRow.length);
            HttpRequest oipBinary = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + MODEL + "/infer"))
                    .header("Content-Type", "application/octet-stream")
                    .header("Inference-Header-Content-Length", Integer.toString(header.length))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(binaryBody)).build();

            ManagedChannel channel = Grpc.newChannelBuilder("localhost:" + grpcPort,
                    InsecureChannelCredentials.create()).build();
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub =
                    GRPCInferenceServiceGrpc.newBlockingStub(channel);
            ModelInferRequest grpcRequest = ModelInferRequest.newBuilder().setModelName(MODEL)
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                            .addShape(1).addShape(FEATURES))
                    .addRawInputContents(ByteString.copyFrom(rawRow))
                    .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("score")).build();

            Map<String, Call> surfaces = new LinkedHashMap<>();
            surfaces.put("(a) POST /api/v1/models/{name}/anomaly-score", () -> {
                HttpResponse<String> reply = client.send(own, HttpResponse.BodyHandlers.ofString());
                return reply.statusCode() == 200 && reply.body().contains("scores");
            });
            surfaces.put("(b) OIP REST /v2/.../infer, JSON", () -> {
                HttpResponse<String> reply = client.send(oipJson, HttpResponse.BodyHandlers.ofString());
                return reply.statusCode() == 200 && reply.body().contains("\"score\"");
            });
            surfaces.put("(c) OIP REST /v2/.../infer, binary tensors", () -> {
                HttpResponse<byte[]> reply = client.send(oipBinary, HttpResponse.BodyHandlers.ofByteArray());
                return reply.statusCode() == 200 && reply.headers().firstValue("Inference-Header-Content-Length")
                        .map(length -> Integer.parseInt(length) + 4 == reply.body().length).orElse(false);
            });
            surfaces.put("(d) OIP gRPC ModelInfer, raw_input_contents", () -> {
                ModelInferResponse reply = stub.withDeadlineAfter(Duration.ofSeconds(30)).modelInfer(grpcRequest);
                return reply.getRawOutputContentsCount() == 1 && reply.getRawOutputContents(0).size() == 4;
            });

            List<Result> results = new ArrayList<>();
            try {
                for (Map.Entry<String, Call> surface : surfaces.entrySet()) {
                    assertThat(surface.getValue().call()).as(surface.getKey() + " answers").isTrue();
                    run(surface.getValue(), warmup);
                    Result result = run(surface.getValue(), seconds).named(surface.getKey());
                    System.out.println(result.line(results.isEmpty() ? result : results.get(0)));
                    results.add(result);
                    assertThat(service.isAlive()).as(service.logTail()).isTrue();
                }
            } finally {
                channel.shutdownNow();
                httpThreads.shutdownNow();
            }
            System.out.printf("%nsingle-row inference, %d clients, %d s each after %d s warm-up, same run%n",
                    CLIENTS, seconds, warmup);
            for (Result result : results) {
                System.out.println(result.line(results.get(0)));
            }
            for (Result result : results) {
                assertThat(result.failures).as(result.name + " failed requests").isZero();
            }
        } finally {
            TempDirs.deleteQuietly(data);
        }
    }

    /** Creates the dense 784-392-196-32 model, trains it one epoch and returns a row to score. */
    private static float[] trainModel(HttpJson http) {
        assertThat(http.post("/api/v1/models", "{\"name\": \"" + MODEL + "\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [784], \"hiddenLayers\": [392, 196], \"latentDim\": 32}}").status())
                .isEqualTo(201);
        boolean fashion = Files.exists(Requirements.FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"));
        DataMatrix rows = fashion
                ? new FashionMnist(Requirements.FASHION_MNIST).split("test").reshape(List.of(FEATURES))
                : SyntheticData.lowRank(2000, FEATURES, 8, 1);
        String training = fashion ? "{\"dataset\": \"fashion-mnist\", \"epochs\": 1, \"seed\": 1}"
                : "{\"data\": " + SyntheticData.jsonRows(rows, 2000) + ", \"epochs\": 1, \"seed\": 1}";
        HttpJson.Reply started = http.post("/api/v1/models/" + MODEL + "/train", training);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode job = http.awaitJob(started.json().get("id").asString(), Duration.ofMinutes(5));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        System.out.println("model: dense 784-392-196-32, one epoch on "
                + (fashion ? "Fashion-MNIST" : "2,000 synthetic rows"));
        return Arrays.copyOf(rows.values(), FEATURES);
    }

    /** {@code clients} threads call in a closed loop for {@code seconds}; every call's latency is kept. */
    private static Result run(Call call, int seconds) throws Exception {
        ClosedLoop.Result result = ClosedLoop.run(() -> call::call, CLIENTS, seconds);
        return new Result(null, result.calls(), result.failures(), result.perSecond(), result.percentileMillis(0.50),
                result.percentileMillis(0.99));
    }

    private static String jsonArray(float[] row) {
        return IntStream.range(0, row.length).mapToObj(i -> Float.toString(row[i]))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static byte[] littleEndian(float[] row) {
        ByteBuffer buffer = ByteBuffer.allocate(row.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : row) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    @FunctionalInterface
    interface Call {
        boolean call() throws Exception;
    }

    record Result(String name, long requests, long failures, double perSecond, double p50, double p99) {

        Result named(String surface) {
            return new Result(surface, requests, failures, perSecond, p50, p99);
        }

        String line(Result reference) {
            return String.format("%-46s %,9.0f requests/s  p50 %6.2f ms  p99 %6.2f ms  %.2fx (a)"
                    + "  %,d requests, %d failed", name, perSecond, p50, p99, perSecond / reference.perSecond, requests, failures);
        }
    }
}
