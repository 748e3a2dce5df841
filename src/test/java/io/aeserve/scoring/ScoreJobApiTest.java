package io.aeserve.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aeserve.data.DataMatrix;
import io.aeserve.storage.Npy;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Score jobs end to end on a small table, in batches smaller than the dataset. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "aeserve.score-jobs.batch-rows=256")
class ScoreJobApiTest extends ServiceTest {

    @Test
    void everyRowIsScoredAsTheAnomalyScoreEndpointScoresItAndDownloadsAsNpyAndCsv() throws Exception {
        DataMatrix table = SyntheticData.lowRank(1000, 6, 2, 3);
        assertThat(http.post("/api/v1/models", "{\"name\": \"table\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [6], \"hiddenLayers\": [5], \"latentDim\": 2}}").status()).isEqualTo(201);
        String training = http.post("/api/v1/models/table/train", "{\"data\": " + SyntheticData.jsonRows(table, 300)
                + ", \"epochs\": 3, \"seed\": 1}").json().get("id").asString();
        assertThat(http.awaitJob(training, Duration.ofMinutes(2)).get("state").asString()).isEqualTo("succeeded");
        String dataset = http.postMultipart("/api/v1/datasets", new Object[] {"file", "table.csv",
                SyntheticData.csv(table).getBytes(StandardCharsets.UTF_8)}).json().get("id").asString();

        HttpJson.Reply submitted = http.post("/api/v1/models/table/score-jobs", "{\"dataset\": \"" + dataset
                + "\", \"codes\": true, \"featureErrors\": true, \"threshold\": {\"rule\": \"percentile\","
                + " \"value\": 90}}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        assertThat(submitted.raw().headers().firstValue("Location")).hasValue("/api/v1/score-jobs/" + id);
        JsonNode job = await(id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("rowsDone").asInt()).isEqualTo(1000);
        assertThat(job.get("version").asInt()).isEqualTo(1);
        assertThat(job.get("columns").toString()).isEqualTo("[\"score\",\"anomaly\",\"percentile\",\"code_0\","
                + "\"code_1\",\"error_0\",\"error_1\",\"error_2\",\"error_3\",\"error_4\",\"error_5\"]");

        HttpResponse<byte[]> npy = download(id, "npy");
        assertThat(npy.statusCode()).isEqualTo(200);
        Npy.Array results = Npy.read(npy.body());
        assertThat(results.shape()).containsExactly(1000, 11);
        JsonNode direct = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": "
                + SyntheticData.jsonRows(table, 1000) + ", \"threshold\": {\"rule\": \"percentile\", \"value\": 90},"
                + " \"perFeature\": true}").json();
        long flagged = 0;
        for (int r = 0; r < 1000; r++) {
            assertThat((double) results.values()[r * 11]).as("score of row " + r)
                    .isCloseTo(direct.get("scores").get(r).asDouble(), within(1e-5));
            boolean anomaly = direct.get("anomalies").get(r).asBoolean();
            flagged += anomaly ? 1 : 0;
            assertThat(results.values()[r * 11 + 1]).isEqualTo(anomaly ? 1f : 0f);
            assertThat((double) results.values()[r * 11 + 2])
                    .isCloseTo(direct.get("percentiles").get(r).asDouble(), within(1e-3));
            assertThat((double) results.values()[r * 11 + 5])
                    .isCloseTo(direct.get("featureErrors").get(r).get(0).asDouble(), within(1e-5));
        }
        assertThat(job.get("flagged").asLong()).isEqualTo(flagged);

        HttpResponse<byte[]> csv = download(id, "csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/csv"));
        List<String> lines = new String(csv.body(), StandardCharsets.US_ASCII).lines().toList();
        assertThat(lines).hasSize(1001);
        assertThat(lines.get(0)).isEqualTo("row,score,anomaly,percentile,code_0,code_1,error_0,error_1,error_2,"
                + "error_3,error_4,error_5");
        String[] first = lines.get(1).split(",");
        assertThat(first[0]).isEqualTo("0");
        assertThat(Float.parseFloat(first[1])).isEqualTo(results.values()[0]);
        assertThat(first[2]).isIn("0", "1");

        assertThat(http.get("/api/v1/score-jobs").json().get(0).get("id").asString()).isEqualTo(id);
        assertThat(http.delete("/api/v1/score-jobs/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/score-jobs/" + id).status()).isEqualTo(404);
    }

    @Test
    void badJobsAreProblemsBeforeAnythingRuns() {
        DataMatrix table = SyntheticData.lowRank(50, 6, 2, 3);
        assertThat(http.post("/api/v1/models", "{\"name\": \"narrow\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [4], \"hiddenLayers\": [3], \"latentDim\": 2}}").status()).isEqualTo(201);
        String dataset = http.postMultipart("/api/v1/datasets", new Object[] {"file", "table.csv",
                SyntheticData.csv(table).getBytes(StandardCharsets.UTF_8)}).json().get("id").asString();
        assertProblem(http.post("/api/v1/models/narrow/score-jobs", "{\"dataset\": \"" + dataset + "\"}"), 409);
        String training = http.post("/api/v1/models/narrow/train", "{\"data\": [[0.1, 0.2, 0.3, 0.4],"
                + " [0.2, 0.1, 0.4, 0.3], [0.3, 0.3, 0.1, 0.2]], \"epochs\": 1, \"validationSplit\": 0}")
                .json().get("id").asString();
        assertThat(http.awaitJob(training, Duration.ofMinutes(2)).get("state").asString()).isEqualTo("succeeded");
        assertProblem(http.post("/api/v1/models/narrow/score-jobs", "{\"dataset\": \"" + dataset + "\"}"), 400);
        assertProblem(http.post("/api/v1/models/narrow/score-jobs", "{\"dataset\": \"ds-nope\"}"), 404);
        assertProblem(http.post("/api/v1/models/nobody/score-jobs", "{\"dataset\": \"" + dataset + "\"}"), 404);
        assertProblem(http.post("/api/v1/models/narrow/score-jobs", "{}"), 400);
        assertProblem(http.get("/api/v1/score-jobs/sj-000000000000"), 404);
        assertProblem(http.get("/api/v1/score-jobs/..datasets/results"), 404);
        assertProblem(http.get("/api/v1/score-jobs/sj-000000000000/results?format=xml"), 400);
    }

    private JsonNode await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = http.get("/api/v1/score-jobs/" + id).json();
            String state = job.get("state").asString();
            if (!state.equals("queued") && !state.equals("running")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("score job " + id + " did not finish");
    }

    private HttpResponse<byte[]> download(String id, String format) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/score-jobs/"
                + id + "/results?format=" + format)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertProblem(HttpJson.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }
}
