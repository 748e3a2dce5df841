package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Malformed inference requests over HTTP: each a 4xx problem that says what was wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "aeserve.limits.max-rows-in-flight=8")
class MalformedRequestsApiTest extends ServiceTest {

    static final DataMatrix TABLE = SyntheticData.lowRank(200, 16, 3, 31);

    @BeforeAll
    void trainModel() {
        http = new HttpJson("http://localhost:" + port);
        assertThat(http.post("/api/v1/models", "{\"name\": \"table\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}}").status()).isEqualTo(201);
        String id = http.post("/api/v1/models/table/train", "{\"data\": " + SyntheticData.jsonRows(TABLE, 200)
                + ", \"epochs\": 2, \"seed\": 7}").json().get("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(2));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder post(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    @Test
    void anAcceptHeaderThatCannotBeAnsweredIsA406Problem() throws Exception {
        byte[] raw = RowCodecs.toRaw(Arrays.copyOfRange(TABLE.values(), 0, 16));
        HttpResponse<String> unreadable = send(post("/api/v1/models/table/reconstruct", "application/octet-stream",
                raw).header("Accept", "foo"));
        assertThat(unreadable.statusCode()).as(unreadable.body()).isEqualTo(406);
        assertThat(unreadable.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(unreadable.body()).contains("\"status\":406");
        HttpResponse<String> csv = send(post("/api/v1/models/table/reconstruct", "application/octet-stream", raw)
                .header("Accept", "text/csv"));
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(406);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(csv.body()).contains("\"status\":406").contains("application/x-npy");
        HttpResponse<String> json = send(post("/api/v1/models/table/denoise", "application/octet-stream", raw)
                .header("Accept", "application/json"));
        assertThat(json.statusCode()).isEqualTo(200);
    }

    @Test
    void overflowingShapesAndCutNpyHeadersAre400() throws Exception {
        byte[] raw = RowCodecs.toRaw(Arrays.copyOfRange(TABLE.values(), 0, 16));
        HttpResponse<String> overflow = send(post("/api/v1/models/table/reconstruct", "application/octet-stream", raw)
                .header("X-Row-Shape", "65536,65536"));
        assertThat(overflow.statusCode()).as(overflow.body()).isEqualTo(400);
        assertThat(overflow.body()).contains("X-Row-Shape").contains("17179869184");
        byte[] npy = RowCodecsTest.npy(2, RowCodecsTest.dict("(1, 16)"), Arrays.copyOfRange(TABLE.values(), 0, 16));
        HttpJson.Reply cut = http.postRaw("/api/v1/models/table/reconstruct", "application/x-npy",
                Arrays.copyOf(npy, 11));
        assertThat(cut.status()).as(cut.body()).isEqualTo(400);
        assertThat(cut.contentType()).startsWith("application/problem+json");
        assertThat(cut.json().get("detail").asString()).contains(".npy");
        HttpJson.Reply whole = http.postRaw("/api/v1/models/table/anomaly-score?score=knn", "application/x-npy", npy);
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
    }

    @Test
    void rowsBeyondTheRowsInFlightAreA429() {
        HttpJson.Reply reply = http.post("/api/v1/models/table/reconstruct", "{\"inputs\": "
                + SyntheticData.jsonRows(TABLE, 9) + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        // knn rows weigh more; nine of them alone still run, as nothing else is in flight
        HttpJson.Reply knn = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": "
                + SyntheticData.jsonRows(TABLE, 9) + ", \"score\": \"knn\"}");
        assertThat(knn.status()).as(knn.body()).isEqualTo(200);
    }
}
