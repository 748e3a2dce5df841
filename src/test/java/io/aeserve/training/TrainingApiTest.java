package io.aeserve.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"aeserve.training.concurrency=1", "aeserve.training.queue-capacity=1"})
class TrainingApiTest extends ServiceTest {

    static final DataMatrix DATA = SyntheticData.lowRank(500, 16, 3, 21);
    static final String SPEC = "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}";

    void createModel(String name) {
        HttpJson.Reply created = http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"spec\": " + SPEC + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/v1/models/" + name);
    }

    String uploadCsv() {
        HttpJson.Reply upload = http.postMultipart("/api/v1/datasets",
                new Object[] {"file", "rows.csv", SyntheticData.csv(DATA).getBytes(StandardCharsets.UTF_8)},
                new Object[] {"name", null, "synthetic".getBytes(StandardCharsets.UTF_8)});
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("rows").asInt()).isEqualTo(500);
        assertThat(upload.json().get("shape").get(0).asInt()).isEqualTo(16);
        return upload.json().get("id").asString();
    }

    @Test
    void trainsOnAnUploadedDatasetAndWritesAVersion() {
        createModel("uploaded");
        String dataset = uploadCsv();
        assertThat(http.get("/api/v1/datasets/" + dataset).json().get("name").asString()).isEqualTo("synthetic");
        HttpJson.Reply accepted = http.post("/api/v1/models/uploaded/train",
                "{\"dataset\": \"" + dataset + "\", \"epochs\": 30, \"batchSize\": 32, \"learningRate\": 0.01, \"seed\": 1}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        assertThat(accepted.raw().headers().firstValue("Location")).contains("/api/v1/jobs/" + id);
        JsonNode job = http.awaitJob(id, Duration.ofSeconds(60));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("version").asInt()).isEqualTo(1);
        assertThat(job.get("history")).hasSize(30);
        JsonNode last = job.get("history").get(29);
        assertThat(last.get("terms").get("reconstruction").asDouble()).isPositive();
        JsonNode version = http.get("/api/v1/models/uploaded/versions").json().get(0);
        assertThat(version.get("serving").asBoolean()).isTrue();
        assertThat(version.get("jobId").asString()).isEqualTo(id);
        assertThat(version.get("metrics").get("validationLoss").asDouble())
                .isLessThan(version.get("metrics").get("initialValidationLoss").asDouble() / 3);
        assertThat(http.get("/api/v1/models/uploaded").json().get("servingVersion").asInt()).isEqualTo(1);
    }

    @Test
    void trainsOnInlineRowsAndFineTunesFromAVersion() {
        createModel("inline");
        String rows = SyntheticData.jsonRows(DATA, 200);
        String first = http.post("/api/v1/models/inline/train", "{\"data\": " + rows + ", \"epochs\": 5}").json()
                .get("id").asString();
        assertThat(http.awaitJob(first, Duration.ofSeconds(60)).get("state").asString()).isEqualTo("succeeded");
        HttpJson.Reply second = http.post("/api/v1/models/inline/train",
                "{\"data\": " + rows + ", \"epochs\": 2, \"fromVersion\": 1}");
        JsonNode job = http.awaitJob(second.json().get("id").asString(), Duration.ofSeconds(60));
        assertThat(job.get("version").asInt()).isEqualTo(2);
        assertThat(job.get("fromVersion").asInt()).isEqualTo(1);
        JsonNode versions = http.get("/api/v1/models/inline/versions").json();
        assertThat(versions.get(1).get("fromVersion").asInt()).isEqualTo(1);
        // fine-tuning starts where version 1 ended, not from scratch
        double endOfFirst = versions.get(0).get("metrics").get("validationLoss").asDouble();
        double startOfSecond = versions.get(1).get("metrics").get("initialValidationLoss").asDouble();
        assertThat(startOfSecond).isLessThan(endOfFirst * 3);
    }

    @Test
    void badTrainingRequestsAre4xxBeforeAnyJobStarts() {
        createModel("strict");
        int jobsBefore = http.get("/api/v1/jobs").json().size();
        HttpJson.Reply wrongWidth = http.post("/api/v1/models/strict/train", "{\"data\": [[1, 2, 3]]}");
        assertThat(wrongWidth.status()).isEqualTo(400);
        assertThat(wrongWidth.json().get("errors").get(0).get("field").asString()).isEqualTo("dataset");
        assertThat(wrongWidth.json().get("detail").asString()).contains("3 values").contains("16 values");
        HttpJson.Reply ragged = http.post("/api/v1/models/strict/train",
                "{\"data\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16], [1]]}");
        assertThat(ragged.json().get("errors").get(0).get("field").asString()).isEqualTo("data[1]");
        HttpJson.Reply both = http.post("/api/v1/models/strict/train",
                "{\"dataset\": \"x\", \"data\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]]}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("detail").asString()).contains("exactly one");
        HttpJson.Reply epochs = http.post("/api/v1/models/strict/train", "{\"dataset\": \"x\", \"epochs\": 0}");
        assertThat(epochs.status()).isEqualTo(400);
        assertThat(epochs.json().get("errors").get(0).get("field").asString()).isEqualTo("epochs");
        HttpJson.Reply nan = http.post("/api/v1/models/strict/train", "{\"data\": [[NaN]]}");
        assertThat(nan.status()).isEqualTo(400);
        assertThat(http.post("/api/v1/models/strict/train", "{\"dataset\": \"no-such-dataset\"}").status())
                .isEqualTo(404);
        assertThat(http.post("/api/v1/models/no-such-model/train", "{\"dataset\": \"x\"}").status()).isEqualTo(404);
        HttpJson.Reply from = http.post("/api/v1/models/strict/train",
                "{\"data\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]], \"fromVersion\": 7}");
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.json().get("errors").get(0).get("field").asString()).isEqualTo("fromVersion");
        HttpJson.Reply classes = http.post("/api/v1/models/strict/train",
                "{\"dataset\": \"" + uploadCsv() + "\", \"classes\": [1]}");
        assertThat(classes.status()).isEqualTo(400);
        assertThat(classes.json().get("detail").asString()).contains("no labels");
        assertThat(http.get("/api/v1/jobs").json().size()).isEqualTo(jobsBefore);
    }

    @Test
    void cancelStopsARunningJobAndAFullQueueIs429() throws Exception {
        createModel("long");
        String rows = SyntheticData.jsonRows(DATA, 500);
        String running = http.post("/api/v1/models/long/train", "{\"data\": " + rows
                + ", \"epochs\": 10000, \"batchSize\": 8}").json().get("id").asString();
        awaitState(running, "running");
        HttpJson.Reply queued = http.post("/api/v1/models/long/train", "{\"data\": " + rows + ", \"epochs\": 1}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        assertThat(queued.json().get("state").asString()).isEqualTo("queued");
        HttpJson.Reply refused = http.post("/api/v1/models/long/train", "{\"data\": " + rows + ", \"epochs\": 1}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(http.delete("/api/v1/models/long").status()).isEqualTo(409);

        String queuedId = queued.json().get("id").asString();
        assertThat(http.post("/api/v1/jobs/" + queuedId + "/cancel", "").json().get("state").asString())
                .isEqualTo("cancelled");
        http.post("/api/v1/jobs/" + running + "/cancel", "");
        JsonNode cancelled = http.awaitJob(running, Duration.ofSeconds(10));
        assertThat(cancelled.get("state").asString()).isEqualTo("cancelled");
        assertThat(cancelled.has("version")).isFalse();
        assertThat(http.get("/api/v1/models/long/versions").json()).isEmpty();
        assertThat(http.delete("/api/v1/models/long").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/models/long").status()).isEqualTo(404);
    }

    @Test
    void eventsStreamProgressThenDone() throws Exception {
        createModel("streamed");
        String id = http.post("/api/v1/models/streamed/train", "{\"data\": " + SyntheticData.jsonRows(DATA, 100)
                + ", \"epochs\": 3}").json().get("id").asString();
        HttpResponse<String> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/jobs/" + id + "/events"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String body = events.body();
        assertThat(body).contains("event:progress").contains("event:done");
        assertThat(body.indexOf("event:done")).isGreaterThan(body.lastIndexOf("event:progress"));
        assertThat(body).contains("\"state\":\"succeeded\"");
    }

    @Test
    void cancellingAQueuedJobFreesItsPlaceInTheQueue() throws Exception {
        createModel("queued");
        String rows = SyntheticData.jsonRows(DATA, 500);
        String running = http.post("/api/v1/models/queued/train", "{\"data\": " + rows
                + ", \"epochs\": 10000, \"batchSize\": 8}").json().get("id").asString();
        awaitState(running, "running");
        String waiting = http.post("/api/v1/models/queued/train", "{\"data\": " + rows + ", \"epochs\": 1}").json()
                .get("id").asString();
        assertThat(http.post("/api/v1/models/queued/train", "{\"data\": " + rows + ", \"epochs\": 1}").status())
                .isEqualTo(429);
        assertThat(http.post("/api/v1/jobs/" + waiting + "/cancel", "").json().get("state").asString())
                .isEqualTo("cancelled");
        HttpJson.Reply next = http.post("/api/v1/models/queued/train", "{\"data\": " + rows + ", \"epochs\": 1}");
        assertThat(next.status()).as(next.body()).isEqualTo(202);
        assertThat(next.json().get("state").asString()).isEqualTo("queued");
        http.post("/api/v1/jobs/" + running + "/cancel", "");
        assertThat(http.awaitJob(running, Duration.ofSeconds(10)).get("state").asString()).isEqualTo("cancelled");
        JsonNode last = http.awaitJob(next.json().get("id").asString(), Duration.ofSeconds(60));
        assertThat(last.get("state").asString()).isEqualTo("succeeded");
        assertThat(http.get("/api/v1/jobs/" + waiting).json().get("state").asString()).isEqualTo("cancelled");
    }

    @Test
    void progressEventsCarryOneEpochEachAndNoHistory() throws Exception {
        createModel("epochwise");
        String id = http.post("/api/v1/models/epochwise/train", "{\"data\": " + SyntheticData.jsonRows(DATA, 100)
                + ", \"epochs\": 6}").json().get("id").asString();
        List<String[]> events = events(id);
        JsonMapper mapper = JsonMapper.builder().build();
        List<Integer> epochs = new ArrayList<>();
        for (String[] event : events.subList(0, events.size() - 1)) {
            assertThat(event[0]).isEqualTo("progress");
            JsonNode progress = mapper.readTree(event[1]);
            assertThat(progress.get("id").asString()).isEqualTo(id);
            assertThat(progress.has("history")).as(event[1]).isFalse();
            if (progress.has("epochRecord")) {
                epochs.add(progress.get("epochRecord").get("epoch").asInt());
                assertThat(progress.get("epochRecord").get("trainLoss").asDouble()).isPositive();
            }
        }
        // the first event may repeat the latest epoch; after it, each epoch once and in order
        assertThat(epochs.stream().distinct().toList()).containsExactly(
                epochs.stream().distinct().sorted().toArray(Integer[]::new));
        assertThat(epochs).endsWith(6);
        assertThat(epochs.subList(1, epochs.size())).doesNotHaveDuplicates();
        String[] done = events.get(events.size() - 1);
        assertThat(done[0]).isEqualTo("done");
        JsonNode finished = mapper.readTree(done[1]);
        assertThat(finished.get("state").asString()).isEqualTo("succeeded");
        assertThat(finished.get("history")).hasSize(6);

        // a client that connects after the end still hears how it ended
        List<String[]> late = events(id);
        assertThat(late).hasSize(2);
        assertThat(late.get(0)[0]).isEqualTo("progress");
        assertThat(mapper.readTree(late.get(0)[1]).get("epochRecord").get("epoch").asInt()).isEqualTo(6);
        assertThat(late.get(1)[0]).isEqualTo("done");
    }

    @Test
    void aClientThatNeverReadsDoesNotStallTraining() throws Exception {
        createModel("unread");
        String id = http.post("/api/v1/models/unread/train", "{\"data\": " + SyntheticData.jsonRows(DATA, 16)
                + ", \"epochs\": 1500, \"batchSize\": 16, \"validationSplit\": 0}").json().get("id").asString();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(1024);
            socket.connect(new java.net.InetSocketAddress("localhost", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/jobs/" + id + "/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            JsonNode job = http.awaitJob(id, Duration.ofSeconds(30));
            assertThat(job.get("state").asString()).isEqualTo("succeeded");
            assertThat(job.get("history")).hasSize(1500);
        }
    }

    @Test
    void convolutionalModelsTrainOnNestedRows() {
        HttpJson.Reply created = http.post("/api/v1/models", "{\"name\": \"nested\", \"spec\": {\"variant\":"
                + " \"convolutional\", \"inputShape\": [1, 8, 8], \"hiddenLayers\": [8, 16],"
                + " \"normalization\": \"none\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        DataMatrix squares = SyntheticData.squares(40, 8, 2);
        StringBuilder rows = new StringBuilder("[");
        for (int r = 0; r < squares.rows(); r++) {
            rows.append(r == 0 ? "[[" : ",[[");
            for (int y = 0; y < 8; y++) {
                rows.append(y == 0 ? "[" : ",[");
                for (int x = 0; x < 8; x++) {
                    rows.append(x == 0 ? "" : ",").append(squares.values()[r * 64 + y * 8 + x]);
                }
                rows.append("]");
            }
            rows.append("]]");
        }
        rows.append("]");
        HttpJson.Reply accepted = http.post("/api/v1/models/nested/train",
                "{\"data\": " + rows + ", \"epochs\": 2, \"batchSize\": 8, \"learningRate\": 0.01, \"seed\": 4}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("dataset").get("rows").asInt()).isEqualTo(40);
        http.awaitJob(accepted.json().get("id").asString(), Duration.ofSeconds(60));

        HttpJson.Reply wrongShape = http.post("/api/v1/models/nested/train",
                "{\"data\": [[[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[1, 2], [3, 4]], [[5, 6], [7, 8]]]]}");
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.json().get("detail").asString()).contains("[4, 2, 2]").contains("[1, 8, 8]");
        HttpJson.Reply ragged = http.post("/api/v1/models/nested/train",
                "{\"data\": [[[[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7]]]]}");
        assertThat(ragged.status()).isEqualTo(400);
        assertThat(ragged.json().get("errors").get(0).get("field").asString()).isEqualTo("data[0][0][1]");
    }

    /** The events of a job's stream, each {name, data}, read until the stream ends. */
    private List<String[]> events(String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/jobs/" + id + "/events"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length());
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()));
                }
            }
            if (name != null) {
                events.add(new String[] {name, data.toString()});
            }
        }
        return events;
    }

    private void awaitState(String id, String state) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (http.get("/api/v1/jobs/" + id).json().get("state").asString().equals(state)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never reached " + state);
    }
}
