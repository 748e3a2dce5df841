package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The model store across restarts, crashes, corruption and concurrent use. */
class RegistryTest {

    static final DataMatrix DATA = SyntheticData.lowRank(300, 16, 3, 41);
    static final String SPEC = "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}";
    static final String ROWS = SyntheticData.jsonRows(DATA, 5);

    @TempDir
    Path dataDir;

    static int train(HttpJson http, String model, int epochs) {
        if (http.get("/api/v1/models/" + model).status() == 404) {
            assertThat(http.post("/api/v1/models", "{\"name\": \"" + model + "\", \"spec\": " + SPEC + "}").status())
                    .isEqualTo(201);
        }
        String id = http.post("/api/v1/models/" + model + "/train", "{\"data\": " + SyntheticData.jsonRows(DATA, 300)
                + ", \"epochs\": " + epochs + ", \"seed\": 5}").json().get("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(1));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        return job.get("version").asInt();
    }

    static String outputs(HttpJson http, String model, String query) {
        HttpJson.Reply reply = http.post("/api/v1/models/" + model + "/reconstruct" + query, "{\"inputs\": " + ROWS + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("outputs").toString() + reply.json().get("errors").toString();
    }

    @Test
    void restartGivesBitIdenticalOutputs() {
        String before;
        try (RunningService service = new RunningService(dataDir)) {
            train(service.http, "kept", 5);
            before = outputs(service.http, "kept", "");
        }
        try (RunningService service = new RunningService(dataDir)) {
            JsonNode model = service.http.get("/api/v1/models/kept").json();
            assertThat(model.get("servingVersion").asInt()).isEqualTo(1);
            assertThat(model.get("spec").get("latentDim").asInt()).isEqualTo(3);
            assertThat(outputs(service.http, "kept", "")).isEqualTo(before);
            assertThat(train(service.http, "kept", 1)).isEqualTo(2);
        }
    }

    @Test
    void filesWrittenByANewerVersionStillLoad() throws IOException {
        String before;
        try (RunningService service = new RunningService(dataDir)) {
            train(service.http, "future", 2);
            before = outputs(service.http, "future", "");
        }
        for (Path file : List.of(dataDir.resolve("models/future/model.json"),
                dataDir.resolve("models/future/versions/1/manifest.json"))) {
            String json = Files.readString(file);
            Files.writeString(file, json.replaceFirst("\\{", "{\"addedByANewerVersion\": true, "));
        }
        try (RunningService service = new RunningService(dataDir)) {
            assertThat(service.http.get("/api/v1/models/future").json().get("versions")).hasSize(1);
            assertThat(outputs(service.http, "future", "")).isEqualTo(before);
        }
    }

    @Test
    void versionsWithoutScoreStatisticsServeReconstructionAndRefuseTheOthers() throws IOException {
        try (RunningService service = new RunningService(dataDir)) {
            train(service.http, "older", 2);
        }
        Path version = dataDir.resolve("models/older/versions/1");
        Path manifest = version.resolve("manifest.json");
        String json = Files.readString(manifest);
        for (String file : List.of("latent-mean.f32", "latent-precision.f32", "latent-references.f32",
                "training-scores-latent.f32", "training-scores-combined.f32", "training-scores-knn.f32")) {
            Files.delete(version.resolve(file));
            json = json.replaceAll("\"" + java.util.regex.Pattern.quote(file) + "\":\"[0-9a-f]+\",?", "");
        }
        Files.writeString(manifest, json.replace(",}", "}"));
        try (RunningService service = new RunningService(dataDir)) {
            assertThat(service.http.get("/api/v1/models/older").json().get("versions")).hasSize(1);
            assertThat(service.http.post("/api/v1/models/older/anomaly-score", "{\"inputs\": " + ROWS + "}").status())
                    .isEqualTo(200);
            HttpJson.Reply latent = service.http.post("/api/v1/models/older/anomaly-score",
                    "{\"inputs\": " + ROWS + ", \"score\": \"latent\"}");
            assertThat(latent.status()).isEqualTo(400);
            assertThat(latent.json().get("detail").asString()).contains("no training statistics");
            assertThat(service.http.post("/api/v1/models/older/anomaly-score",
                    "{\"inputs\": " + ROWS + ", \"score\": \"knn\"}").status()).isEqualTo(400);
        }
    }

    @Test
    void corruptVersionIsSkippedAndReportedAndLeftoversAreCleaned() throws IOException {
        String first;
        try (RunningService service = new RunningService(dataDir)) {
            train(service.http, "fragile", 3);
            first = outputs(service.http, "fragile", "");
            train(service.http, "fragile", 3);
        }
        Path parameters = dataDir.resolve("models/fragile/versions/2/parameters.djl");
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(parameters, bytes);
        Path leftover = Files.createDirectories(dataDir.resolve("models/fragile/.tmp-crashed"));
        Files.writeString(leftover.resolve("parameters.djl"), "half written");
        Path leftoverModel = Files.createDirectories(dataDir.resolve("models/.tmp-half-created"));

        try (RunningService service = new RunningService(dataDir)) {
            JsonNode model = service.http.get("/api/v1/models/fragile").json();
            assertThat(model.get("versions")).hasSize(1);
            assertThat(model.get("servingVersion").asInt()).isEqualTo(1);
            assertThat(outputs(service.http, "fragile", "")).isEqualTo(first);
            JsonNode store = service.http.get("/actuator/health").json().get("components").get("modelStore");
            assertThat(store.get("details").get("skipped").toString()).contains("fragile version 2")
                    .contains("checksum");
            assertThat(service.http.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
            assertThat(parameters).exists();
            assertThat(leftover).doesNotExist();
            assertThat(leftoverModel).doesNotExist();
            // a new version never reuses the number of the corrupt one
            assertThat(train(service.http, "fragile", 1)).isEqualTo(3);
        }
    }

    @Test
    void promoteDeleteAndForce() {
        try (RunningService service = new RunningService(dataDir)) {
            HttpJson http = service.http;
            train(http, "promoted", 2);
            train(http, "promoted", 2);
            assertThat(http.get("/api/v1/models/promoted").json().get("servingVersion").asInt()).isEqualTo(2);
            assertThat(http.post("/api/v1/models/promoted/versions/1/promote", "").json().get("servingVersion").asInt())
                    .isEqualTo(1);
            assertThat(http.post("/api/v1/models/promoted/encode", "{\"inputs\": " + ROWS + "}").json().get("version")
                    .asInt()).isEqualTo(1);
            assertThat(http.delete("/api/v1/models/promoted/versions/1").status()).isEqualTo(409);
            assertThat(http.delete("/api/v1/models/promoted/versions/1?force=true").status()).isEqualTo(204);
            assertThat(http.get("/api/v1/models/promoted").json().get("servingVersion").asInt()).isEqualTo(2);
            assertThat(http.post("/api/v1/models/promoted/versions/7/promote", "").status()).isEqualTo(404);
            JsonNode details = http.get("/api/v1/models/promoted/versions/2").json();
            assertThat(details.get("history")).hasSize(2);
        }
        try (RunningService service = new RunningService(dataDir)) {
            assertThat(service.http.get("/api/v1/models/promoted/versions").json()).hasSize(1);
        }
    }

    @Test
    void promotingUnderConcurrentInferenceFailsNoRequest() throws Exception {
        try (RunningService service = new RunningService(dataDir)) {
            HttpJson http = service.http;
            train(http, "busy", 2);
            train(http, "busy", 2);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            CountDownLatch done = new CountDownLatch(1);
            List<Future<int[]>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                results.add(clients.submit(() -> {
                    int[] seen = new int[3];
                    while (done.getCount() > 0) {
                        HttpJson.Reply reply = http.post("/api/v1/models/busy/anomaly-score", "{\"inputs\": " + ROWS + "}");
                        if (reply.status() != 200) {
                            throw new AssertionError(reply.status() + " " + reply.body());
                        }
                        seen[reply.json().get("version").asInt()]++;
                    }
                    return seen;
                }));
            }
            for (int i = 0; i < 30; i++) {
                assertThat(http.post("/api/v1/models/busy/versions/" + (1 + i % 2) + "/promote", "").status())
                        .isEqualTo(200);
                Thread.sleep(20);
            }
            done.countDown();
            int[] total = new int[3];
            for (Future<int[]> result : results) {
                int[] seen = result.get();
                total[1] += seen[1];
                total[2] += seen[2];
            }
            clients.shutdown();
            assertThat(total[1]).isPositive();
            assertThat(total[2]).isPositive();
        }
    }

    @Test
    void namesAreStrictAndCreationIsRaceFree() throws Exception {
        try (RunningService service = new RunningService(dataDir)) {
            HttpJson http = service.http;
            for (String bad : List.of("../escape", "a/b", "..", ".hidden", "with space", "x".repeat(65), "back\\\\slash")) {
                HttpJson.Reply reply = http.post("/api/v1/models", "{\"name\": \"" + bad + "\", \"spec\": " + SPEC + "}");
                assertThat(reply.status()).as(bad).isEqualTo(400);
                assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
            }
            assertThat(http.get("/api/v1/models/..%2F..%2Fetc").status()).isIn(400, 404);
            assertThat(dataDir.resolve("models")).satisfiesAnyOf(models -> assertThat(models).doesNotExist(),
                    models -> assertThat(models).isEmptyDirectory());
            ExecutorService racers = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(racers.submit(() -> {
                    start.await();
                    return http.post("/api/v1/models", "{\"name\": \"contested\", \"spec\": " + SPEC + "}").status();
                }));
            }
            start.countDown();
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answers.add(status.get());
            }
            racers.shutdown();
            assertThat(answers).containsOnly(201, 409);
            assertThat(answers.stream().filter(s -> s == 201)).hasSize(1);
        }
    }
}
