package io.aeserve.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The views on a small trained model over 8x8 images of squares, and their answers to bad parameters. */
@Tag("slow")
class ViewsApiTest extends ServiceTest {

    private static final int ROWS = 200;
    private static final int SIDE = 8;

    // one trained model for the class: the application context, and so its data, lives as long as the class
    private static String dataset;
    private static String base;

    @BeforeEach
    void trainedModel() {
        if (base != null) {
            return;
        }
        dataset = upload();
        HttpJson.Reply created = http.post("/api/v1/models", """
                {"name": "squares", "spec": {"variant": "dense", "inputShape": [64], "hiddenLayers": [16],
                 "latentDim": 4, "normalization": "none", "outputActivation": "sigmoid"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        HttpJson.Reply job = http.post("/api/v1/models/squares/train", "{\"dataset\": \"" + dataset
                + "\", \"epochs\": 5, \"batchSize\": 32, \"learningRate\": 0.01, \"seed\": 1}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        assertThat(http.awaitJob(job.json().get("id").asString(), Duration.ofSeconds(90)).get("state").asString())
                .isEqualTo("succeeded");
        base = "/api/v1/models/squares/versions/1/views/";
    }

    @Test
    void theGridHasOriginalsAboveReconstructionsAboveErrors() throws Exception {
        BufferedImage grid = png(base + "reconstructions.png?dataset=" + dataset + "&from=10&rows=5&scale=2");
        int tile = SIDE * 2 + ImageGrid.GAP;
        assertThat(grid.getWidth()).isEqualTo(5 * tile + ImageGrid.GAP);
        assertThat(grid.getHeight()).isEqualTo(3 * tile + ImageGrid.GAP);
        // row 10's original: its square is white, its ground black (each column is scaled by its own range)
        boolean white = false;
        boolean black = false;
        for (int y = ImageGrid.GAP; y < ImageGrid.GAP + 2 * SIDE; y++) {
            for (int x = ImageGrid.GAP; x < ImageGrid.GAP + 2 * SIDE; x++) {
                int rgb = grid.getRGB(x, y) & 0xFFFFFF;
                white |= rgb == 0xFFFFFF;
                black |= rgb == 0;
            }
        }
        assertThat(white).isTrue();
        assertThat(black).isTrue();
    }

    @Test
    void theLatentMapHasOnePointPerSampledRowWithItsLabel() {
        JsonNode map = ok(base + "latent-map?dataset=" + dataset + "&rows=50");
        assertThat(map.get("codeSize").asInt()).isEqualTo(4);
        assertThat(map.get("points")).hasSize(50);
        assertThat(map.at("/points/1/row").asInt()).isEqualTo(4);
        assertThat(map.at("/points/1/label").asInt()).isEqualTo(4 % 3);
        double first = map.at("/explained/0").asDouble();
        double second = map.at("/explained/1").asDouble();
        assertThat(first).isGreaterThanOrEqualTo(second);
        assertThat(first + second).isLessThanOrEqualTo(1.0 + 1e-9);
    }

    @Test
    void histogramsBinTheTrainingAndDatasetScoresAlikeWithTheThreshold() {
        JsonNode result = ok(base + "score-histogram?dataset=" + dataset + "&rows=100&bins=10&rule=percentile&value=95");
        JsonNode scores = result.get("scores");
        assertThat(scores.get(0).get("score").asString()).isEqualTo("reconstruction");
        for (JsonNode histogram : scores) {
            assertThat(histogram.get("edges")).hasSize(11);
            assertThat(sum(histogram.get("dataset"))).isEqualTo(100);
            if (histogram.get("score").asString().equals("reconstruction")) {
                // the version's score distribution is fitted on every row its job had, validation rows included
                assertThat(sum(histogram.get("training"))).isEqualTo(ROWS);
            }
            assertThat(histogram.at("/threshold/rule").asString()).isEqualTo("percentile");
            assertThat(histogram.at("/threshold/value").asDouble()).isEqualTo(95.0);
            double threshold = histogram.at("/threshold/score").asDouble();
            assertThat(threshold).isBetween(histogram.at("/edges/0").asDouble(), histogram.at("/edges/10").asDouble());
        }
    }

    @Test
    void theWorstRowsComeWorstFirstWithEveryFeaturesError() {
        JsonNode worst = ok(base + "worst-rows?dataset=" + dataset + "&rows=100&count=3").get("worst");
        assertThat(worst).hasSize(3);
        assertThat(worst.get(0).get("error").asDouble()).isGreaterThanOrEqualTo(worst.get(1).get("error").asDouble());
        assertThat(worst.get(1).get("error").asDouble()).isGreaterThanOrEqualTo(worst.get(2).get("error").asDouble());
        assertThat(worst.get(0).get("featureErrors")).hasSize(SIDE * SIDE);
    }

    @Test
    void badParametersAreProblemsThatNameTheField() {
        problem(base + "reconstructions.png?dataset=" + dataset + "&rows=33", 400, "rows");
        problem(base + "reconstructions.png?dataset=" + dataset + "&scale=9", 400, "scale");
        problem(base + "reconstructions.png?dataset=" + dataset + "&from=" + ROWS, 400, "from");
        problem(base + "latent-map?dataset=" + dataset + "&rows=1", 400, "rows");
        problem(base + "latent-map?dataset=" + dataset + "&rows=2001", 400, "rows");
        problem(base + "latent-map", 400, "dataset");
        problem(base + "score-histogram?dataset=" + dataset + "&bins=4", 400, "bins");
        problem(base + "score-histogram?dataset=" + dataset + "&rule=fixed", 400, "threshold.value");
        problem(base + "worst-rows?dataset=" + dataset + "&count=0", 400, "count");
        problem(base + "latent-map?dataset=" + dataset + "&split=test", 400, "split");
        problem(base + "latent-map?dataset=ds-000000000000", 404, null);
        problem("/api/v1/models/squares/versions/7/views/latent-map?dataset=" + dataset, 404, null);
        problem("/api/v1/models/nothing/versions/1/views/latent-map?dataset=" + dataset, 404, null);
        HttpJson.Reply notANumber = http.get(base + "latent-map?dataset=" + dataset + "&rows=many");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.contentType()).startsWith("application/problem+json");

        String narrow = http.postMultipart("/api/v1/datasets", new Object[] {"file", "narrow.csv",
            "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8)}).json().get("id").asString();
        problem(base + "latent-map?dataset=" + narrow, 400, "dataset");
    }

    @Test
    void aDenoisersGridShowsNoisyDenoisedAndCleanRows() throws Exception {
        HttpJson.Reply created = http.post("/api/v1/models", """
                {"name": "squares-denoiser", "spec": {"variant": "denoising", "inputShape": [64], "hiddenLayers": [32],
                 "latentDim": 16, "normalization": "none", "outputActivation": "sigmoid",
                 "noise": {"type": "masking", "level": 0.5}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        HttpJson.Reply job = http.post("/api/v1/models/squares-denoiser/train", "{\"dataset\": \"" + dataset
                + "\", \"epochs\": 3, \"batchSize\": 32, \"seed\": 1}");
        assertThat(http.awaitJob(job.json().get("id").asString(), Duration.ofSeconds(90)).get("state").asString())
                .isEqualTo("succeeded");

        BufferedImage grid = png("/api/v1/models/squares-denoiser/versions/1/views/reconstructions.png?dataset="
                + dataset + "&rows=4&scale=1");
        int tile = SIDE + ImageGrid.GAP;
        assertThat(grid.getHeight()).isEqualTo(4 * tile + ImageGrid.GAP);
        // half the square's pixels are masked to black in the noisy strip, none in the clean one (the third)
        int noisyWhite = 0;
        int cleanWhite = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                noisyWhite += (grid.getRGB(ImageGrid.GAP + x, ImageGrid.GAP + y) & 0xFFFFFF) == 0xFFFFFF ? 1 : 0;
                cleanWhite += (grid.getRGB(ImageGrid.GAP + x, ImageGrid.GAP + 2 * tile + y) & 0xFFFFFF) == 0xFFFFFF
                        ? 1 : 0;
            }
        }
        assertThat(cleanWhite).isEqualTo((SIDE / 2) * (SIDE / 2));
        assertThat(noisyWhite).isLessThan(cleanWhite);
    }

    private BufferedImage png(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                http.base() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private JsonNode ok(String path) {
        HttpJson.Reply reply = http.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private void problem(String path, int status, String field) {
        HttpJson.Reply reply = http.get(path);
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo(field);
        }
    }

    private static int sum(JsonNode counts) {
        return StreamSupport.stream(counts.spliterator(), false).mapToInt(JsonNode::asInt).sum();
    }

    /** IDX files of 8x8 squares at random places, labelled by row number modulo 3. */
    private String upload() {
        Random random = new Random(7);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (DataOutputStream image = new DataOutputStream(images); DataOutputStream label = new DataOutputStream(labels)) {
            image.writeInt(0x00000803);
            image.writeInt(ROWS);
            image.writeInt(SIDE);
            image.writeInt(SIDE);
            label.writeInt(0x00000801);
            label.writeInt(ROWS);
            for (int r = 0; r < ROWS; r++) {
                int top = random.nextInt(SIDE / 2 + 1);
                int left = random.nextInt(SIDE / 2 + 1);
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        boolean inside = y >= top && y < top + SIDE / 2 && x >= left && x < left + SIDE / 2;
                        image.writeByte(inside ? 230 : 0);
                    }
                }
                label.writeByte(r % 3);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpJson.Reply reply = http.postMultipart("/api/v1/datasets",
                new Object[] {"file", "squares-idx3-ubyte", images.toByteArray()},
                new Object[] {"labels", "labels-idx1-ubyte", labels.toByteArray()},
                new Object[] {"format", null, "idx".getBytes(StandardCharsets.UTF_8)});
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().get("shape").toString()).isEqualTo("[1,8,8]");
        return reply.json().get("id").asString();
    }
}
