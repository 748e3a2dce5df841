package io.aeserve.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.S3TestServer;
import io.aeserve.support.ServiceProcess;
import io.aeserve.support.SyntheticData;
import io.aeserve.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * Two service processes on one S3 bucket (S3Proxy) and one PostgreSQL database, as replicas on Kubernetes would
 * run: a trainer ({@code aeserve.role=train}) and a serving replica ({@code serve}). Each asserts what the other
 * did, through the public API only.
 */
class ReplicasTest {

    static final DataMatrix DATA = SyntheticData.lowRank(400, 16, 3, 7);
    static final String SPEC = "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}";
    static final String ROWS = SyntheticData.jsonRows(DATA, 6);
    /** The refresh interval is left at its default: what every replica sees within 2 seconds is measured with it. */
    static final Duration SEEN_WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path trainerDir;

    @TempDir
    Path servingDir;

    @Test
    void aTrainerAndAServingReplicaShareOneBucketAndOneDatabase() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        try (S3TestServer s3 = S3TestServer.start()) {
            String bucket = s3.createBucket();
            Map<String, String> environment = new HashMap<>(s3.credentialsEnvironment());
            environment.putAll(database.environment());
            List<String> shared = new ArrayList<>(s3.serviceArguments(bucket, "replicas"));
            // a trainer that dies is noticed after 4 x 500 ms without a heartbeat
            shared.addAll(List.of("--aeserve.training.heartbeat-interval=500ms",
                    "--aeserve.training.missed-heartbeats=4"));
            Replicas replicas = new Replicas(environment, shared);

            List<Integer> versions;
            String servedOutputs;
            try (ServiceProcess trainer = replicas.start(trainerDir, "train");
                    ServiceProcess serving = replicas.start(servingDir, "serve")) {
                HttpJson train = trainer.http;
                HttpJson serve = serving.http;

                // a dataset uploaded to one replica trains a model created on the other, from a job queued on a
                // replica that never trains
                String dataset = train.postMultipart("/api/v1/datasets", new Object[] {"file", "rows.csv",
                        SyntheticData.csv(DATA).getBytes(StandardCharsets.UTF_8)}).json().get("id").asString();
                assertThat(serve.get("/api/v1/datasets/" + dataset).status()).isEqualTo(200);
                assertThat(train.post("/api/v1/models", "{\"name\": \"shared\", \"spec\": " + SPEC + "}").status())
                        .isEqualTo(201);
                JsonNode first = trainOn(serve, "{\"dataset\": \"" + dataset + "\", \"epochs\": 20, \"seed\": 3}");
                assertThat(first.get("state").asString()).as(first.toString()).isEqualTo("succeeded");
                assertThat(first.get("version").asInt()).isEqualTo(1);
                assertThat(first.get("history")).hasSize(20);
                assertThat(trainer.logTail()).contains("Job " + first.get("id").asString() + " wrote shared version 1");

                // the version the trainer wrote serves the same outputs on both replicas
                assertThat(outputs(serve, "")).isEqualTo(outputs(train, ""));

                // two jobs submitted at once on two replicas get distinct version numbers
                String inline = "{\"data\": " + SyntheticData.jsonRows(DATA, 200) + ", \"epochs\": 3, \"seed\": 4}";
                CompletableFuture<JsonNode> onServing = CompletableFuture.supplyAsync(() -> trainOn(serve, inline));
                CompletableFuture<JsonNode> onTrainer = CompletableFuture.supplyAsync(() -> trainOn(train, inline));
                Set<Integer> written = new HashSet<>();
                for (JsonNode job : List.of(onServing.get(), onTrainer.get())) {
                    assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
                    written.add(job.get("version").asInt());
                }
                assertThat(written).containsExactlyInAnyOrder(2, 3);

                // a promotion on the serving replica is served by the other within 2 s, and a deletion on the
                // trainer is seen by the serving replica within 2 s
                awaitSeen(train, "servingVersion", 3);
                assertThat(serve.post("/api/v1/models/shared/versions/1/promote", "").status()).isEqualTo(200);
                awaitWithin(SEEN_WITHIN, () -> servingVersion(train) == 1);
                assertThat(outputs(train, "")).isEqualTo(outputs(serve, "?version=1"));
                assertThat(train.delete("/api/v1/models/shared/versions/3").status()).isEqualTo(204);
                awaitWithin(SEEN_WITHIN, () -> serve.get("/api/v1/models/shared/versions/3").status() == 404);
                assertThat(serve.post("/api/v1/models/shared/reconstruct?version=3", "{\"inputs\": " + ROWS + "}")
                        .status()).isEqualTo(404);

                // a job running on the trainer is followed and cancelled from the serving replica
                String cancelled = serve.post("/api/v1/models/shared/train", "{\"dataset\": \"" + dataset
                        + "\", \"epochs\": 5000, \"batchSize\": 8}").json().get("id").asString();
                CompletableFuture<String> events = CompletableFuture.supplyAsync(
                        () -> serve.get("/api/v1/jobs/" + cancelled + "/events").body());
                awaitWithin(Duration.ofMinutes(1), () -> serve.get("/api/v1/jobs/" + cancelled).json().get("epoch")
                        .asInt() >= 2);
                assertThat(serve.post("/api/v1/jobs/" + cancelled + "/cancel", "").status()).isEqualTo(200);
                assertThat(serve.awaitJob(cancelled, Duration.ofSeconds(20)).get("state").asString())
                        .isEqualTo("cancelled");
                String stream = events.get();
                assertThat(stream).contains("event:progress", "\"epochRecord\":{\"epoch\":2", "event:done",
                        "\"state\":\"cancelled\"");

                // the trainer dies mid-job: the job fails, seen from the serving replica, and nothing is written
                String longJob = serve.post("/api/v1/models/shared/train", "{\"dataset\": \"" + dataset
                        + "\", \"epochs\": 5000, \"batchSize\": 8}").json().get("id").asString();
                awaitWithin(Duration.ofMinutes(1), () -> serve.get("/api/v1/jobs/" + longJob).json().get("epoch")
                        .asInt() >= 1);
                trainer.kill();
                JsonNode killed = serve.awaitJob(longJob, Duration.ofSeconds(30));
                assertThat(killed.get("state").asString()).isEqualTo("failed");
                assertThat(killed.get("error").asString()).contains("stopped answering");
                versions = versionNumbers(serve);
                assertThat(versions).containsExactly(1, 2);
                assertThat(objectFolders(s3, bucket)).containsExactlyInAnyOrder("1", "2");
                servedOutputs = outputs(serve, "");
            }

            // everything restarts: versions, the pin and every job record are still there
            try (ServiceProcess trainer = replicas.start(trainerDir, "train");
                    ServiceProcess serving = replicas.start(servingDir, "serve")) {
                assertThat(versionNumbers(serving.http)).isEqualTo(versions);
                assertThat(servingVersion(trainer.http)).isEqualTo(1);
                assertThat(outputs(trainer.http, "")).isEqualTo(servedOutputs);
                JsonNode jobs = serving.http.get("/api/v1/jobs?model=shared").json();
                assertThat(jobs).hasSize(5);
                List<String> states = new ArrayList<>();
                jobs.forEach(job -> states.add(job.get("state").asString()));
                assertThat(states).as("newest first")
                        .containsExactly("failed", "cancelled", "succeeded", "succeeded", "succeeded");
            }
        }
    }

    /** Both replicas: the same bucket, database and settings, each its own role and (unused) data folder. */
    private record Replicas(Map<String, String> environment, List<String> shared) {
        ServiceProcess start(Path dataDir, String role) {
            List<String> arguments = new ArrayList<>(shared);
            arguments.add("--aeserve.role=" + role);
            return new ServiceProcess(dataDir, "1g", environment, arguments.toArray(String[]::new));
        }
    }

    private static JsonNode trainOn(HttpJson http, String request) {
        HttpJson.Reply reply = http.post("/api/v1/models/shared/train", request);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return http.awaitJob(reply.json().get("id").asString(), Duration.ofMinutes(2));
    }

    private static String outputs(HttpJson http, String query) {
        HttpJson.Reply reply = http.post("/api/v1/models/shared/reconstruct" + query, "{\"inputs\": " + ROWS + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("outputs").toString();
    }

    private static int servingVersion(HttpJson http) {
        return http.get("/api/v1/models/shared").json().get("servingVersion").asInt();
    }

    private static void awaitSeen(HttpJson http, String field, int value) {
        awaitWithin(Duration.ofSeconds(10),
                () -> http.get("/api/v1/models/shared").json().get(field).asInt() == value);
    }

    private static List<Integer> versionNumbers(HttpJson http) {
        List<Integer> numbers = new ArrayList<>();
        http.get("/api/v1/models/shared").json().get("versions")
                .forEach(version -> numbers.add(version.get("version").asInt()));
        return numbers;
    }

    /** The version folders that hold any object in the bucket, published or not. */
    private static Set<String> objectFolders(S3TestServer s3, String bucket) {
        Pattern folder = Pattern.compile("models/shared/versions/([^/]+)/");
        Set<String> folders = new HashSet<>();
        for (S3Object object : s3.client().listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
            Matcher matcher = folder.matcher(object.key());
            if (matcher.find()) {
                folders.add(matcher.group(1));
            }
        }
        return folders;
    }

    private static void awaitWithin(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
