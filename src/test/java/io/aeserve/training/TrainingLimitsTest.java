package io.aeserve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.DatasetService;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/** The limits a training request is checked against, the cap on event streams, and deletion during a submission. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "aeserve.limits.max-epochs=2000", "aeserve.limits.max-batch-memory=1MB",
    "aeserve.limits.max-subscribers-per-job=2", "aeserve.limits.max-parameters=2000000"})
class TrainingLimitsTest extends ServiceTest {

    static final DataMatrix NARROW = SyntheticData.lowRank(200, 16, 3, 5);
    static final DataMatrix WIDE = SyntheticData.lowRank(40, 1024, 3, 5);

    @MockitoSpyBean
    DatasetService datasets;

    HttpJson.Reply createModel(String name, String spec) {
        return http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"spec\": " + spec + "}");
    }

    @Test
    void epochsBeyondTheLimitAre400NamingTheProperty() {
        assertThat(createModel("epochs", "{\"variant\": \"dense\", \"inputShape\": [16], \"latentDim\": 3}").status())
                .isEqualTo(201);
        HttpJson.Reply refused = http.post("/api/v1/models/epochs/train",
                "{\"data\": " + SyntheticData.jsonRows(NARROW, 20) + ", \"epochs\": 2001}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("epochs");
        assertThat(refused.json().get("detail").asString()).contains("2000").contains("aeserve.limits.max-epochs");
    }

    @Test
    void aBatchBeyondTheMemoryLimitIs400NamingBatchSize() {
        // 1024 -> 512 -> 8 -> 512 -> 1024: 5136 activations a row, 61632 bytes with gradients; 1 MB fits 17 rows
        assertThat(createModel("wide", "{\"variant\": \"dense\", \"inputShape\": [1024], \"hiddenLayers\": [512],"
                + " \"latentDim\": 8}").status()).isEqualTo(201);
        String rows = SyntheticData.jsonRows(WIDE, 40);
        HttpJson.Reply refused = http.post("/api/v1/models/wide/train",
                "{\"data\": " + rows + ", \"batchSize\": 32, \"validationSplit\": 0, \"epochs\": 1}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("batchSize");
        assertThat(refused.json().get("detail").asString()).contains("aeserve.limits.max-batch-memory")
                .contains("5136 activations").contains("at most 17");
        HttpJson.Reply accepted = http.post("/api/v1/models/wide/train",
                "{\"data\": " + rows + ", \"batchSize\": 16, \"validationSplit\": 0, \"epochs\": 1}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(http.awaitJob(accepted.json().get("id").asString(), Duration.ofSeconds(60)).get("state")
                .asString()).isEqualTo("succeeded");
    }

    @Test
    void aSpecBeyondTheParameterLimitIsRefusedWhetherCreatedOrTrained() {
        // 2 116 616 parameters: more than the 2 000 000 configured here, fewer than the default limit
        HttpJson.Reply created = createModel("big", "{\"variant\": \"dense\", \"inputShape\": [1024],"
                + " \"hiddenLayers\": [1024], \"latentDim\": 8}");
        HttpJson.Reply refused = created.status() == 201
                ? http.post("/api/v1/models/big/train", "{\"data\": " + SyntheticData.jsonRows(WIDE, 4) + "}")
                : created;
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("spec");
        assertThat(refused.json().get("detail").asString()).contains("2116616").contains("2000000")
                .contains("aeserve.limits.max-parameters");

        HttpJson.Reply absurd = createModel("absurd", "{\"variant\": \"dense\", \"inputShape\": [65536],"
                + " \"hiddenLayers\": [65536], \"latentDim\": 8}");
        assertThat(absurd.status()).isEqualTo(400);
        assertThat(absurd.json().get("errors").get(0).get("field").asString()).isEqualTo("spec");
        assertThat(absurd.json().get("detail").asString()).contains("8591179784");
    }

    @Test
    void moreEventStreamsThanTheLimitAre429() throws Exception {
        assertThat(createModel("followed", "{\"variant\": \"dense\", \"inputShape\": [16], \"latentDim\": 3}")
                .status()).isEqualTo(201);
        String id = http.post("/api/v1/models/followed/train", "{\"data\": " + SyntheticData.jsonRows(NARROW, 200)
                + ", \"epochs\": 2000, \"batchSize\": 4}").json().get("id").asString();
        try (Socket first = openStream(id); Socket second = openStream(id)) {
            StreamReply third = awaitStatus(id, 429, Duration.ofSeconds(10));
            assertThat(third.contentType()).startsWith("application/problem+json");
            assertThat(third.body()).contains("aeserve.limits.max-subscribers-per-job");
            assertThat(third.retryAfter()).isPresent();
        }
        // the closed streams are dropped at their next event, and their places are free again
        StreamReply again = awaitStatus(id, 200, Duration.ofSeconds(20));
        assertThat(again.contentType()).startsWith("text/event-stream");
        http.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(http.awaitJob(id, Duration.ofSeconds(10)).get("state").asString()).isEqualTo("cancelled");
    }

    @Test
    void aModelCannotBeDeletedAndReplacedWhileAJobForItIsSubmitted() throws Exception {
        String spec = "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}";
        assertThat(createModel("raced", spec).status()).isEqualTo(201);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(invocation -> {
            loading.countDown();
            release.await(30, TimeUnit.SECONDS);
            return NARROW;
        }).when(datasets).load(argThat(selection -> selection != null && "slow".equals(selection.dataset())));
        doReturn(new io.aeserve.data.DatasetInfo("slow", "slow", NARROW.rows(), NARROW.rowShape(), false,
                java.time.Instant.now(), false, null)).when(datasets).get("slow");
        CompletableFuture<HttpJson.Reply> submitted = CompletableFuture.supplyAsync(() ->
                http.post("/api/v1/models/raced/train", "{\"dataset\": \"slow\", \"epochs\": 2}"));
        assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
        HttpJson.Reply deleted = http.delete("/api/v1/models/raced");
        HttpJson.Reply recreated = deleted.status() == 204
                ? createModel("raced", spec.replace("[12]", "[5]")) : null;
        release.countDown();
        HttpJson.Reply accepted = submitted.get(60, TimeUnit.SECONDS);
        if (accepted.status() == 202) {
            http.awaitJob(accepted.json().get("id").asString(), Duration.ofSeconds(60));
        }
        assertThat(deleted.status()).as("a deletion while the job was submitted; then re-created: %s",
                recreated != null ? recreated.status() : null).isEqualTo(409);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode model = http.get("/api/v1/models/raced").json();
        assertThat(model.get("spec").get("hiddenLayers").get(0).asInt()).isEqualTo(12);
        assertThat(model.get("servingVersion").asInt()).isEqualTo(1);
    }

    private Socket openStream(String id) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/jobs/" + id + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // the stream holds its place once the service has answered it
        StringBuilder statusLine = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            statusLine.append((char) c);
        }
        assertThat(statusLine.toString()).startsWith("HTTP/1.1 200");
        return socket;
    }

    record StreamReply(int status, String contentType, String body, Optional<String> retryAfter) {}

    /** Opens streams until one answers with the status; a 200 one is read only for its headers. */
    private StreamReply awaitStatus(String id, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/jobs/" + id + "/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() == status) {
                    String body = status == 200 ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    return new StreamReply(status, response.headers().firstValue("Content-Type").orElse(""), body,
                            response.headers().firstValue("Retry-After"));
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no stream of job " + id + " answered " + status + " within " + timeout);
    }
}
