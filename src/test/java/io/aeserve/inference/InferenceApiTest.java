package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "aeserve.limits.max-rows=50")
class InferenceApiTest extends ServiceTest {

    static final DataMatrix TABLE = SyntheticData.lowRank(600, 16, 3, 31);
    static final DataMatrix SQUARES = SyntheticData.squares(300, 8, 32);

    @BeforeAll
    void trainModels() {
        http = new HttpJson("http://localhost:" + port);
        train("table", "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}",
                TABLE, 40);
        train("images", "{\"variant\": \"convolutional\", \"inputShape\": [1, 8, 8], \"hiddenLayers\": [8, 8],"
                + " \"latentDim\": 6, \"normalization\": \"none\", \"outputActivation\": \"sigmoid\", \"loss\": \"bce\"}",
                SQUARES, 30);
        train("vae", "{\"variant\": \"variational\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3,"
                + " \"beta\": 0.1}", TABLE, 30);
        assertThat(http.post("/api/v1/models", "{\"name\": \"untrained\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [16], \"latentDim\": 3}}").status()).isEqualTo(201);
    }

    void train(String name, String spec, DataMatrix data, int epochs) {
        assertThat(http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"spec\": " + spec + "}").status())
                .isEqualTo(201);
        String rows = SyntheticData.jsonRows(data.reshape(java.util.List.of(data.width())), data.rows());
        String id = http.post("/api/v1/models/" + name + "/train", "{\"data\": " + rows + ", \"epochs\": " + epochs
                + ", \"batchSize\": 32, \"learningRate\": 0.01, \"seed\": 7}").json().get("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(2));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    }

    static String rows(DataMatrix data, int from, int count) {
        int width = data.width();
        DataMatrix slice = new DataMatrix(Arrays.copyOfRange(data.values(), from * width, (from + count) * width),
                count, java.util.List.of(width), null);
        return SyntheticData.jsonRows(slice, count);
    }

    @Test
    void encodeDecodeAndReconstructADenseModel() {
        JsonNode encoded = http.post("/api/v1/models/table/encode", "{\"inputs\": " + rows(TABLE, 0, 4) + "}").json();
        assertThat(encoded.get("version").asInt()).isEqualTo(1);
        assertThat(encoded.get("codes")).hasSize(4);
        assertThat(encoded.get("codes").get(0)).hasSize(3);
        JsonNode decoded = http.post("/api/v1/models/table/decode", "{\"codes\": " + encoded.get("codes") + "}").json();
        assertThat(decoded.get("outputs").get(0)).hasSize(16);
        JsonNode reconstructed = http.post("/api/v1/models/table/reconstruct?version=1",
                "{\"inputs\": " + rows(TABLE, 0, 4) + "}").json();
        assertThat(reconstructed.get("errors")).hasSize(4);
        // decode(encode(x)) is the reconstruction
        for (int i = 0; i < 16; i++) {
            assertThat(decoded.get("outputs").get(0).get(i).asDouble()).isCloseTo(
                    reconstructed.get("outputs").get(0).get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        }
        // and close to the input: far better than the data's spread
        double error = 0;
        for (int i = 0; i < 16; i++) {
            double d = reconstructed.get("outputs").get(0).get(i).asDouble() - TABLE.values()[i];
            error += d * d / 16;
        }
        assertThat(error).isLessThan(0.01);
        JsonNode denoised = http.post("/api/v1/models/table/denoise", "{\"inputs\": " + rows(TABLE, 0, 2) + "}").json();
        assertThat(denoised.get("outputs")).hasSize(2);
    }

    @Test
    void anomalyScoresFlagRowsFarFromTheTrainingData() {
        StringBuilder far = new StringBuilder("[");
        for (int r = 0; r < 5; r++) {
            far.append(r == 0 ? "[" : ",[");
            for (int f = 0; f < 16; f++) {
                far.append(f == 0 ? "" : ",").append((f + r) % 2 == 0 ? 1.0 : 0.0);
            }
            far.append(']');
        }
        far.append(']');
        JsonNode normal = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 100, 20)
                + "}").json();
        JsonNode anomalous = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + far
                + ", \"perFeature\": true}").json();
        assertThat(normal.get("threshold").get("rule").asString()).isEqualTo("percentile");
        assertThat(normal.get("threshold").get("value").asDouble()).isEqualTo(99.0);
        assertThat(normal.get("score").asString()).isEqualTo("reconstruction");
        long flaggedNormal = 0;
        for (JsonNode flag : normal.get("anomalies")) {
            flaggedNormal += flag.asBoolean() ? 1 : 0;
        }
        assertThat(flaggedNormal).isLessThanOrEqualTo(2);
        for (int i = 0; i < 5; i++) {
            assertThat(anomalous.get("anomalies").get(i).asBoolean()).isTrue();
            assertThat(anomalous.get("percentiles").get(i).asDouble()).isGreaterThan(99.0);
        }
        assertThat(anomalous.get("featureErrors").get(0)).hasSize(16);
        JsonNode fixed = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 100, 3)
                + ", \"threshold\": {\"rule\": \"fixed\", \"value\": 0}}").json();
        assertThat(fixed.get("anomalies").get(0).asBoolean()).isTrue();
        JsonNode sigma = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + far
                + ", \"threshold\": {\"rule\": \"sigma\", \"value\": 3}}").json();
        assertThat(sigma.get("threshold").get("score").asDouble()).isPositive();
        assertThat(sigma.get("anomalies").get(0).asBoolean()).isTrue();
        JsonNode contamination = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 50)
                + ", \"threshold\": {\"rule\": \"contamination\", \"value\": 0.2}}").json();
        long flagged = 0;
        for (JsonNode flag : contamination.get("anomalies")) {
            flagged += flag.asBoolean() ? 1 : 0;
        }
        assertThat(flagged).isBetween(3L, 20L);
    }

    @Test
    void latentCombinedAndNeighbourScoresHaveTheirOwnThresholds() {
        // far outside the training range, so the code lands far from the training codes too
        String far = "[[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3], [-2,-2,-2,-2,-2,-2,-2,-2,-2,-2,-2,-2,-2,-2,-2,-2]]";
        for (String score : new String[] {"latent", "combined", "knn"}) {
            JsonNode normal = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 200, 20)
                    + ", \"score\": \"" + score + "\"}").json();
            JsonNode anomalous = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + far
                    + ", \"score\": \"" + score + "\", \"threshold\": {\"rule\": \"percentile\", \"value\": 99.5}}")
                    .json();
            assertThat(normal.get("score").asString()).isEqualTo(score);
            assertThat(anomalous.get("threshold").get("score").asDouble())
                    .isNotEqualTo(normal.get("threshold").get("score").asDouble());
            long flagged = 0;
            for (JsonNode flag : normal.get("anomalies")) {
                flagged += flag.asBoolean() ? 1 : 0;
            }
            assertThat(flagged).as(score).isLessThanOrEqualTo(2);
            assertThat(anomalous.get("percentiles").get(0).asDouble()).as(score).isGreaterThan(95.0);
        }
        JsonNode elbo = http.post("/api/v1/models/vae/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 3)
                + ", \"score\": \"elbo\"}").json();
        assertThat(elbo.get("score").asString()).isEqualTo("elbo");
        assertThat(elbo.get("scores").get(0).asDouble()).isPositive();
        assertThat(field(http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 1)
                + ", \"score\": \"elbo\"}"), 400)).isEqualTo("score");
        assertThat(field(http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 1)
                + ", \"score\": \"magic\"}"), 400)).isEqualTo("score");
        HttpJson.Reply structural = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 1)
                + ", \"score\": \"structural\"}");
        assertThat(field(structural, 400)).isEqualTo("score");
        assertThat(structural.json().get("detail").asString()).contains("image model");
    }

    @Test
    void structuralScoreFlagsImagesOfADifferentStructure() {
        StringBuilder stripes = new StringBuilder("[[");
        for (int i = 0; i < 64; i++) {
            stripes.append(i == 0 ? "" : ",").append((i / 8) % 2 == 0 ? "0.9" : "0");
        }
        stripes.append("]]");
        JsonNode normal = http.post("/api/v1/models/images/anomaly-score", "{\"inputs\": " + rows(SQUARES, 100, 20)
                + ", \"score\": \"structural\"}").json();
        JsonNode anomalous = http.post("/api/v1/models/images/anomaly-score", "{\"inputs\": " + stripes
                + ", \"score\": \"structural\"}").json();
        assertThat(normal.get("score").asString()).isEqualTo("structural");
        long flagged = 0;
        for (JsonNode flag : normal.get("anomalies")) {
            flagged += flag.asBoolean() ? 1 : 0;
        }
        assertThat(flagged).isLessThanOrEqualTo(2);
        assertThat(anomalous.get("anomalies").get(0).asBoolean()).isTrue();
        assertThat(anomalous.get("percentiles").get(0).asDouble()).isGreaterThan(99.0);
        assertThat(anomalous.get("scores").get(0).asDouble()).isGreaterThan(normal.get("threshold").get("score")
                .asDouble());
    }

    @Test
    void convolutionalModelTakesNestedRowsAndPngImages() throws Exception {
        StringBuilder nested = new StringBuilder("[[[");
        for (int y = 0; y < 8; y++) {
            nested.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < 8; x++) {
                nested.append(x == 0 ? "" : ",").append(SQUARES.values()[y * 8 + x]);
            }
            nested.append(']');
        }
        nested.append("]]]");
        JsonNode reconstructed = http.post("/api/v1/models/images/reconstruct", "{\"inputs\": " + nested + "}").json();
        assertThat(reconstructed.get("outputs").get(0)).hasSize(64);
        JsonNode flat = http.post("/api/v1/models/images/reconstruct", "{\"inputs\": " + rows(SQUARES, 0, 1) + "}")
                .json();
        assertThat(flat.get("errors").get(0).asDouble())
                .isCloseTo(reconstructed.get("errors").get(0).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(http.post("/api/v1/models/images/encode", "{\"inputs\": " + nested + "}").json().get("codes")
                .get(0)).hasSize(6);

        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 64; i++) {
            image.getRaster().setSample(i % 8, i / 8, 0, Math.round(SQUARES.values()[i] * 255));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        HttpJson.Reply asJson = http.postRaw("/api/v1/models/images/reconstruct", "image/png", png.toByteArray());
        assertThat(asJson.status()).as(asJson.body()).isEqualTo(200);
        // the image holds 8-bit pixels, so its error differs from the float rows' only by that rounding
        assertThat(asJson.json().get("errors").get(0).asDouble())
                .isCloseTo(flat.get("errors").get(0).asDouble(), org.assertj.core.data.Offset.offset(5e-3));
        var asPng = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/v1/models/images/denoise"))
                .header("Content-Type", "image/png").header("Accept", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(asPng.headers().firstValue("Content-Type")).contains("image/png");
        BufferedImage answer = ImageIO.read(new ByteArrayInputStream(asPng.body()));
        assertThat(answer.getWidth()).isEqualTo(8);
        assertThat(answer.getHeight()).isEqualTo(8);
        double difference = 0;
        for (int i = 0; i < 64; i++) {
            difference += Math.abs((answer.getRaster().getSample(i % 8, i / 8, 0) / 255.0) - SQUARES.values()[i]) / 64;
        }
        assertThat(difference).as("the answer image looks like the input").isLessThan(0.15);
    }

    @Test
    void binaryRowsRoundTrip() throws Exception {
        float[] values = Arrays.copyOfRange(TABLE.values(), 0, 3 * 16);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/models/table/reconstruct"))
                .header("Content-Type", "application/octet-stream").header("Accept", "application/octet-stream")
                .header("X-Row-Shape", "16").POST(HttpRequest.BodyPublishers.ofByteArray(raw.array()));
        var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Rows")).contains("3");
        float[] binary = new float[3 * 16];
        ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(binary);
        JsonNode json = http.post("/api/v1/models/table/reconstruct", "{\"inputs\": " + rows(TABLE, 0, 3) + "}").json();
        for (int i = 0; i < 16; i++) {
            assertThat((double) binary[16 + i]).isCloseTo(json.get("outputs").get(1).get(i).asDouble(),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        byte[] npy = RowCodecs.toNpy(values, 3, java.util.List.of(16));
        var npyRequest = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/models/table/reconstruct")).header("Content-Type", "application/x-npy")
                .header("Accept", "application/x-npy").POST(HttpRequest.BodyPublishers.ofByteArray(npy));
        var npyResponse = java.net.http.HttpClient.newHttpClient().send(npyRequest.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        InputRows parsed = RowCodecs.fromNpy(npyResponse.body());
        assertThat(parsed.rows()).isEqualTo(3);
        assertThat(parsed.values()).containsExactly(binary);
        HttpJson.Reply scored = http.postRaw("/api/v1/models/table/anomaly-score?rule=percentile&value=95",
                "application/octet-stream", raw.array());
        assertThat(scored.json().get("scores")).hasSize(3);
        assertThat(scored.json().get("threshold").get("value").asDouble()).isEqualTo(95.0);
    }

    @Test
    void variationalModelEncodesWithLogVarianceAndGenerates() {
        JsonNode encoded = http.post("/api/v1/models/vae/encode", "{\"inputs\": " + rows(TABLE, 0, 2) + "}").json();
        assertThat(encoded.get("logVariance").get(0)).hasSize(3);
        JsonNode generated = http.post("/api/v1/models/vae/generate", "{\"count\": 5, \"seed\": 3}").json();
        assertThat(generated.get("outputs")).hasSize(5);
        assertThat(generated.get("outputs").get(0)).hasSize(16);
        JsonNode again = http.post("/api/v1/models/vae/generate", "{\"count\": 5, \"seed\": 3}").json();
        assertThat(again.get("outputs")).isEqualTo(generated.get("outputs"));
    }

    @Test
    void badInputGetsAClear4xx() {
        assertThat(field(http.post("/api/v1/models/table/reconstruct", "{\"inputs\": [[1, 2, 3]]}"), 400))
                .isEqualTo("inputs");
        assertThat(field(http.post("/api/v1/models/table/reconstruct", "{\"inputs\": []}"), 400)).isEqualTo("inputs");
        HttpJson.Reply nan = http.post("/api/v1/models/table/reconstruct", "{\"inputs\": [[1, NaN]]}");
        assertThat(nan.status()).isEqualTo(400);
        assertThat(nan.json().get("detail").asString()).contains("NaN");
        assertThat(field(http.post("/api/v1/models/table/reconstruct", "{\"inputs\": [[1, \"Infinity\"]]}"), 400))
                .isEqualTo("inputs[0][1]");
        assertThat(field(http.post("/api/v1/models/table/reconstruct", "{\"inputs\": [[1e39]]}"), 400))
                .isEqualTo("inputs[0][0]");
        assertThat(field(http.post("/api/v1/models/table/reconstruct", "{\"inputs\": [[1, 2], [1]]}"), 400))
                .isEqualTo("inputs[1]");
        assertThat(field(http.post("/api/v1/models/table/reconstruct", "{\"inputs\": " + rows(TABLE, 0, 51) + "}"),
                400)).isEqualTo("inputs");
        assertThat(field(http.post("/api/v1/models/table/decode", "{\"codes\": [[1, 2]]}"), 400)).isEqualTo("codes");
        assertThat(field(http.post("/api/v1/models/table/generate", "{\"count\": 2}"), 400)).isEqualTo("model");
        assertThat(field(http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 1)
                + ", \"threshold\": {\"rule\": \"percentile\", \"value\": 120}}"), 400)).isEqualTo("threshold.value");
        assertThat(http.post("/api/v1/models/nothing/encode", "{\"inputs\": [[1]]}").status()).isEqualTo(404);
        assertThat(http.post("/api/v1/models/table/encode?version=9", "{\"inputs\": [[1]]}").status()).isEqualTo(404);
        HttpJson.Reply untrained = http.post("/api/v1/models/untrained/encode", "{\"inputs\": [[1]]}");
        assertThat(untrained.status()).isEqualTo(409);
        assertThat(untrained.json().get("detail").asString()).contains("no trained version");
        assertThat(field(http.postRaw("/api/v1/models/table/reconstruct", "application/octet-stream", new byte[10]),
                400)).isEqualTo("body");
        assertThat(field(http.postRaw("/api/v1/models/images/reconstruct", "image/png", new byte[] {1, 2}), 400))
                .isEqualTo("body");
    }

    @Test
    void dashboardQueriesOnlyMetricsTheServiceExports() throws Exception {
        http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + rows(TABLE, 0, 2) + "}");
        String exported = http.get("/actuator/prometheus").body();
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("helm/aeserve/dashboards/aeserve.json"));
        java.util.regex.Matcher metric = java.util.regex.Pattern.compile("(aeserve_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+)")
                .matcher(dashboard);
        int checked = 0;
        while (metric.find()) {
            assertThat(exported).as("exported metrics").contains(metric.group(1));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    private static String field(HttpJson.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode errors = reply.json().get("errors");
        return errors != null && !errors.isEmpty() ? errors.get(0).get("field").asString() : null;
    }
}
