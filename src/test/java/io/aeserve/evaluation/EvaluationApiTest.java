package io.aeserve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.support.Auroc;
import io.aeserve.support.HttpJson;
import io.aeserve.support.NpyClient;
import io.aeserve.support.Requirements;
import io.aeserve.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Evaluation on real data: a one-class model of Fashion-MNIST's T-shirts, evaluated on the test split with class 0
 * normal, must report for every score the AUROC an independent rank-sum computation gives on the scores of the
 * anomaly-score endpoint.
 */
@Tag("slow")
class EvaluationApiTest extends ServiceTest {

    @Test
    void theReportedAurocIsTheOneAnIndependentComputationGives() throws InterruptedException {
        Requirements.fashionMnist();
        trainTshirtModel("tshirts");
        HttpJson.Reply reply = http.post("/api/v1/models/tshirts/versions/1/evaluate", """
                {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0], "fpr": 0.05}""");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.get("rows").asInt()).isEqualTo(10_000);
        assertThat(report.get("anomalies").asInt()).isEqualTo(9_000);
        assertThat(report.get("normals").asInt()).isEqualTo(1_000);

        DataMatrix test = new FashionMnist(Requirements.FASHION_MNIST).split("test");
        boolean[] normal = new boolean[test.rows()];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = test.labels()[i] == 0;
        }
        List<String> scores = new ArrayList<>();
        report.get("scores").properties().forEach(entry -> scores.add(entry.getKey()));
        assertThat(scores).contains("reconstruction", "latent", "combined", "knn");
        for (String score : scores) {
            JsonNode evaluation = report.get("scores").get(score);
            double independent = Auroc.of(new NpyClient(http).scores("tshirts", test.values(), test.rows(), 784,
                    score), normal);
            System.out.printf("%s: AUROC reported %.6f, independent %.6f, AP %.4f, P@k %.4f, best F1 %.4f%n", score,
                    evaluation.get("auroc").asDouble(), independent, evaluation.get("averagePrecision").asDouble(),
                    evaluation.get("precisionAtK").asDouble(), evaluation.get("bestF1").get("f1").asDouble());
            assertThat(evaluation.get("auroc").asDouble()).as(score).isCloseTo(independent, within(1e-6));
            assertThat(evaluation.get("k").asInt()).isEqualTo(9_000);
            assertThat(evaluation.get("roc").size()).isBetween(2, 200);
            assertThat(evaluation.get("precisionRecall").size()).isBetween(2, 200);
            assertThat(evaluation.get("atFpr").get("falsePositiveRate").asDouble()).isLessThanOrEqualTo(0.05);
        }
        assertThat(report.get("scores").get("knn").get("auroc").asDouble()).isGreaterThan(0.85);

        // the same evaluation as a job reports the same
        HttpJson.Reply submitted = http.post("/api/v1/models/tshirts/versions/1/evaluate", """
                {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0], "scores": ["reconstruction"],
                 "async": true}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String location = submitted.raw().headers().firstValue("Location").orElseThrow();
        JsonNode job = submitted.json();
        for (int wait = 0; wait < 600 && !job.get("state").asString().matches("succeeded|failed"); wait++) {
            Thread.sleep(100);
            job = http.get(location).json();
        }
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("rowsDone").asInt()).isEqualTo(10_000);
        assertThat(job.get("report").get("scores").get("reconstruction").get("auroc").asDouble())
                .isEqualTo(report.get("scores").get("reconstruction").get("auroc").asDouble());
        assertThat(http.get("/api/v1/evaluations/ev-000000000000").status()).isEqualTo(404);

        // the F1-optimal threshold, stored with the version, is what anomaly-score uses by default
        JsonNode best = report.get("scores").get("reconstruction").get("bestF1");
        HttpJson.Reply stored = http.put("/api/v1/models/tshirts/versions/1/threshold",
                "{\"score\": \"reconstruction\", \"rule\": \"calibrated\", \"value\": "
                        + best.get("threshold").asDouble() + "}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/models/tshirts/versions/1").json().get("version").get("thresholds")
                .get("reconstruction").get("rule").asString()).isEqualTo("calibrated");
        JsonNode scored = http.post("/api/v1/models/tshirts/anomaly-score", "{\"inputs\": " + rows(test, 200)
                + "}").json();
        assertThat(scored.get("threshold").get("rule").asString()).isEqualTo("calibrated");
        assertThat(scored.get("threshold").get("score").asDouble()).isEqualTo(best.get("threshold").asDouble());
        int flagged = 0;
        for (int i = 0; i < 200; i++) {
            boolean above = scored.get("scores").get(i).asDouble() > best.get("threshold").asDouble();
            assertThat(scored.get("anomalies").get(i).asBoolean()).isEqualTo(above);
            flagged += above ? 1 : 0;
        }
        assertThat(flagged).isGreaterThan(100);
        // a request that names a threshold still gets it; other scores keep their default
        assertThat(http.post("/api/v1/models/tshirts/anomaly-score", "{\"inputs\": " + rows(test, 2)
                + ", \"threshold\": {\"rule\": \"percentile\"}}").json().get("threshold").get("rule").asString())
                .isEqualTo("percentile");
        assertThat(http.post("/api/v1/models/tshirts/anomaly-score", "{\"inputs\": " + rows(test, 2)
                + ", \"score\": \"knn\"}").json().get("threshold").get("rule").asString()).isEqualTo("percentile");
        // a target false positive rate on the training rows, then back to the rule's default
        JsonNode fpr = http.put("/api/v1/models/tshirts/versions/1/threshold", "{\"rule\": \"fpr\", \"value\": 0.02}")
                .json();
        assertThat(fpr.get("threshold").get("rule").asString()).isEqualTo("fpr");
        assertThat(fpr.get("threshold").get("score").asDouble()).isGreaterThan(0);
        assertThat(http.delete("/api/v1/models/tshirts/versions/1/threshold").status()).isEqualTo(204);
        assertThat(http.post("/api/v1/models/tshirts/anomaly-score", "{\"inputs\": " + rows(test, 2) + "}").json()
                .get("threshold").get("rule").asString()).isEqualTo("percentile");
    }

    private static String rows(DataMatrix data, int count) {
        StringBuilder json = new StringBuilder("[");
        for (int r = 0; r < count; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < 784; c++) {
                json.append(c == 0 ? "" : ",").append(data.values()[r * 784 + c]);
            }
            json.append(']');
        }
        return json.append(']').toString();
    }

    @Test
    void badEvaluationsAreProblemsNamingTheField() {
        Requirements.fashionMnist();
        trainTshirtModel("tshirts-bad");
        String path = "/api/v1/models/tshirts-bad/versions/1/evaluate";
        assertProblem(http.post(path, """
                {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0], "anomalyLabels": [1]}"""),
                400, "normalLabels");
        assertProblem(http.post(path, """
                {"dataset": "fashion-mnist", "split": "test"}"""), 400, "anomalyLabels");
        assertProblem(http.post(path, """
                {"dataset": "fashion-mnist", "split": "test", "anomalyLabels": [42]}"""), 400, "anomalyLabels");
        assertProblem(http.post(path, """
                {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0], "scores": ["nonsense"]}"""),
                400, "score");
        assertProblem(http.post(path, """
                {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0], "fpr": 2}"""), 400, "fpr");
        assertProblem(http.post(path, """
                {"dataset": "no-such-dataset", "normalLabels": [0]}"""), 404, null);
        String threshold = "/api/v1/models/tshirts-bad/versions/1/threshold";
        assertProblem(http.put(threshold, "{\"rule\": \"calibrated\"}"), 400, "threshold.value");
        assertProblem(http.put(threshold, "{\"rule\": \"fpr\", \"value\": 1.5}"), 400, "threshold.value");
        assertProblem(http.put(threshold, "{\"value\": 0.1}"), 400, "rule");
        assertProblem(http.put(threshold, "{\"rule\": \"calibrated\", \"value\": 0.1, \"score\": \"elbo\"}"),
                400, "score");
        assertProblem(http.put("/api/v1/models/tshirts-bad/versions/7/threshold",
                "{\"rule\": \"calibrated\", \"value\": 0.1}"), 404, null);
        assertProblem(http.post("/api/v1/models/tshirts-bad/versions/9/evaluate", """
                {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0]}"""), 404, null);
        String unlabelled = http.postMultipart("/api/v1/datasets",
                new Object[] {"file", "rows.csv", "0.1,0.2\n0.3,0.4\n".getBytes(StandardCharsets.UTF_8)})
                .json().get("id").asString();
        assertProblem(http.post(path, "{\"dataset\": \"" + unlabelled + "\", \"normalLabels\": [0]}"), 400,
                "dataset");
    }

    private void trainTshirtModel(String model) {
        assertThat(http.post("/api/v1/models", "{\"name\": \"" + model + "\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [784], \"hiddenLayers\": [128], \"latentDim\": 16, \"normalization\": \"none\","
                + " \"outputActivation\": \"sigmoid\"}}").status()).isEqualTo(201);
        String job = http.post("/api/v1/models/" + model + "/train", "{\"dataset\": \"fashion-mnist\", \"classes\":"
                + " [0], \"epochs\": 2, \"batchSize\": 128, \"seed\": 5}").json().get("id").asString();
        assertThat(http.awaitJob(job, Duration.ofMinutes(5)).get("state").asString()).isEqualTo("succeeded");
    }

    static void assertProblem(HttpJson.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(reply.json().get("errors").toString()).contains("\"" + field + "\"");
        }
    }
}
