package io.aeserve.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.Auroc;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real tables, as they come: a model trained on the first two thirds of one class's rows (by file order) flags the
 * other class among the rest. The split is the one {@code src/test/python/tabular_baselines.py} uses for the
 * isolation forest and PCA numbers in the README.
 */
@Tag("slow")
class TablesApiTest extends ServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aModelTrainedOnDemocratsFlagsRepublicansInHouseVotes() throws IOException {
        // the votes of democrats vary more than those of republicans: their codes, not their reconstructions, tell
        Map<String, Double> auroc = trainAndScore("votes", "housevotes84.csv", "democrat", "[32]", 8, "standard");
        assertThat(auroc.get("latent")).isGreaterThan(0.85);
        assertThat(auroc.get("knn")).isGreaterThan(0.85);
    }

    @Test
    void aModelTrainedOnBenignCellsFlagsMalignantOnesInBreastCancer() throws IOException {
        Map<String, Double> auroc = trainAndScore("cells", "breastcancer.csv", "benign", "[16]", 4, "minmax");
        assertThat(auroc.get("reconstruction")).isGreaterThan(0.95);
    }

    @Test
    void aWholeTableWithItsLabelColumnTrainsOnOneClassAndScoresRowsByName() throws Exception {
        HttpJson.Reply upload = http.postMultipart("/api/v1/datasets",
                new Object[] {"file", "housevotes84.csv", resource("housevotes84.csv").getBytes(StandardCharsets.UTF_8)},
                new Object[] {"columns", null, "[{\"name\": \"Class\", \"kind\": \"label\"}]".getBytes()},
                new Object[] {"name", null, "votes".getBytes()});
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("hasLabels").asBoolean()).isTrue();
        assertThat(upload.json().get("classes").toString()).isEqualTo("[\"democrat\",\"republican\"]");
        int width = upload.json().get("inputWidth").asInt();
        assertThat(width).isEqualTo(64);
        http.post("/api/v1/models", "{\"name\": \"democrats\", \"spec\": {\"variant\": \"dense\", \"inputShape\": ["
                + width + "], \"hiddenLayers\": [16], \"latentDim\": 4}}");
        HttpJson.Reply accepted = http.post("/api/v1/models/democrats/train", "{\"dataset\": \""
                + upload.json().get("id").asString() + "\", \"classes\": [0], \"epochs\": 2}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = http.awaitJob(accepted.json().get("id").asString(), Duration.ofMinutes(2));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("dataset").get("rows").asInt()).isEqualTo(267);

        HttpJson.Reply scored = http.post("/api/v1/models/democrats/anomaly-score",
                "{\"inputs\": [{\"Class\": \"republican\", \"V1\": \"n\", \"V2\": null}, {\"V3\": \"maybe\"}]}");
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        assertThat(scored.json().get("scores")).hasSize(2);
        // the table's label column labels its rows for evaluation, and a score job scores every row of the table
        String id = upload.json().get("id").asString();
        HttpJson.Reply evaluated = http.post("/api/v1/models/democrats/versions/1/evaluate", "{\"dataset\": \""
                + id + "\", \"anomalyLabels\": [1]}");
        assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
        assertThat(evaluated.json().get("anomalies").asInt()).isEqualTo(168);
        assertThat(evaluated.json().get("scores").get("reconstruction").get("auroc").asDouble()).isBetween(0.0, 1.0);
        HttpJson.Reply scoring = http.post("/api/v1/models/democrats/score-jobs", "{\"dataset\": \"" + id + "\"}");
        assertThat(scoring.status()).as(scoring.body()).isEqualTo(202);
        String scoreJob = scoring.json().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!http.get("/api/v1/score-jobs/" + scoreJob).json().get("state").asString().equals("succeeded")) {
            assertThat(System.nanoTime()).as("score job done within a minute").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(http.get("/api/v1/score-jobs/" + scoreJob + "/results?format=csv").body().lines()).hasSize(436);

        HttpJson.Reply numbers = http.post("/api/v1/models/democrats/reconstruct", "{\"inputs\": [["
                + "0, ".repeat(width - 1) + "1]]}");
        assertThat(numbers.status()).as(numbers.body()).isEqualTo(200);

        // the encoding travels with the export, and an imported copy scores rows by name the same way
        HttpResponse<byte[]> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                http.base() + "/api/v1/models/democrats/versions/1/export")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries).contains("columns.json", "aeserve_columns.py");
        HttpJson.Reply imported = http.postMultipart("/api/v1/models/democrats-copy/versions",
                new Object[] {"file", "democrats-v1.zip", export.body()});
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        HttpJson.Reply copy = http.post("/api/v1/models/democrats-copy/anomaly-score",
                "{\"inputs\": [{\"Class\": \"republican\", \"V1\": \"n\", \"V2\": null}, {\"V3\": \"maybe\"}]}");
        assertThat(copy.json().get("scores")).isEqualTo(scored.json().get("scores"));
    }

    /**
     * Uploads the training rows as a CSV file, trains on them, scores the test rows given as objects by column
     * name; the AUROC of each score.
     */
    private Map<String, Double> trainAndScore(String model, String file, String normalClass, String hidden,
            int latent, String normalization) throws IOException {
        Split split = Split.of(resource(file), normalClass);
        HttpJson.Reply upload = http.postMultipart("/api/v1/datasets",
                new Object[] {"file", file, split.trainingCsv().getBytes(StandardCharsets.UTF_8)});
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        HttpJson.Reply badColumns = http.postMultipart("/api/v1/datasets",
                new Object[] {"file", file, split.trainingCsv().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"columns", null, "[{\"name\": \"Klass\", \"kind\": \"label\"}]".getBytes()});
        assertThat(badColumns.status()).isEqualTo(400);
        assertThat(badColumns.body()).contains("no column 'Klass'");
        List<String> stored = new ArrayList<>();
        http.get("/api/v1/datasets").json().forEach(each -> stored.add(each.get("name").asString()));
        assertThat(stored).containsOnlyOnce(file);
        JsonNode dataset = upload.json();
        int width = dataset.get("inputWidth").asInt();
        assertThat(dataset.get("rows").asInt()).isEqualTo(split.training().size());
        // the class is constant among the training rows: kept, never an input
        assertThat(column(dataset, "Class").get("kind").asString()).isEqualTo("ignore");

        http.post("/api/v1/models", "{\"name\": \"" + model + "-narrow\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [3], \"hiddenLayers\": [2], \"latentDim\": 1}}");
        HttpJson.Reply wrongWidth = http.post("/api/v1/models/" + model + "-narrow/train",
                "{\"dataset\": \"" + dataset.get("id").asString() + "\"}");
        assertThat(wrongWidth.status()).isEqualTo(400);
        assertThat(wrongWidth.body()).contains("\\\"inputShape\\\": [" + width + "]");

        HttpJson.Reply created = http.post("/api/v1/models", "{\"name\": \"" + model + "\", \"spec\": {\"variant\":"
                + " \"dense\", \"inputShape\": [" + width + "], \"hiddenLayers\": " + hidden + ", \"latentDim\": "
                + latent + ", \"normalization\": \"" + normalization + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        HttpJson.Reply accepted = http.post("/api/v1/models/" + model + "/train", "{\"dataset\": \""
                + dataset.get("id").asString() + "\", \"epochs\": 150, \"batchSize\": 32, \"learningRate\": 0.003,"
                + " \"validationSplit\": 0, \"seed\": 7}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = http.awaitJob(accepted.json().get("id").asString(), Duration.ofMinutes(3));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");

        HttpJson.Reply scored = http.post("/api/v1/models/" + model + "/anomaly-score",
                "{\"inputs\": " + split.testObjects() + ", \"perFeature\": true}");
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        JsonNode features = scored.json().get("features");
        List<String> inputColumns = new ArrayList<>();
        features.forEach(name -> inputColumns.add(name.asString()));
        assertThat(inputColumns).doesNotContain("Class", "Id").hasSizeLessThan(split.header().size());
        assertThat(scored.json().get("featureErrors").get(0)).hasSize(inputColumns.size());
        String path = "/api/v1/models/" + model + "/anomaly-score";
        assertThat(http.post(path, "{\"inputs\": [{\"Class\": {\"a\": 1}}]}").status()).isEqualTo(400);
        assertThat(http.post(path, "{\"inputs\": [{\"Class\": \"x\"}, [1, 2]]}").status()).isEqualTo(400);
        HttpJson.Reply unknown = http.post(path, "{\"inputs\": [{\"Clas\": \"x\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("inputs[0]");
        assertThat(unknown.body()).contains("'Clas'");


        Map<String, Double> auroc = new LinkedHashMap<>();
        for (String score : List.of("reconstruction", "latent", "knn")) {
            JsonNode scores = http.post("/api/v1/models/" + model + "/anomaly-score", "{\"inputs\": "
                    + split.testObjects() + ", \"score\": \"" + score + "\"}").json().get("scores");
            float[] values = new float[scores.size()];
            boolean[] normal = new boolean[scores.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) scores.get(i).asDouble();
                normal[i] = split.test().get(i).get(split.classColumn()).equals(normalClass);
            }
            auroc.put(score, Auroc.of(values, normal));
        }
        System.out.printf("%s, trained on %d %s rows, %d test rows: AUROC %s%n", file, split.training().size(),
                normalClass, split.test().size(), auroc);
        return auroc;
    }

    private static JsonNode column(JsonNode dataset, String name) {
        for (JsonNode column : dataset.get("columns")) {
            if (column.get("name").asString().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("no column " + name + " in " + dataset);
    }

    /**
     * Train on the first two thirds of the normal class's rows, in file order; test on the rest of them and every
     * row of the other classes.
     */
    record Split(List<String> header, int classColumn, List<List<String>> training, List<List<String>> test) {

        static Split of(String csv, String normalClass) {
            List<List<String>> rows = csv.lines().filter(line -> !line.isBlank()).map(Split::cells)
                    .collect(Collectors.toCollection(ArrayList::new));
            List<String> header = rows.remove(0);
            int classColumn = header.indexOf("Class");
            List<List<String>> normal = rows.stream().filter(row -> row.get(classColumn).equals(normalClass)).toList();
            int trainingRows = normal.size() * 2 / 3;
            List<List<String>> training = normal.subList(0, trainingRows);
            List<List<String>> test = new ArrayList<>(normal.subList(trainingRows, normal.size()));
            rows.stream().filter(row -> !row.get(classColumn).equals(normalClass)).forEach(test::add);
            return new Split(header, classColumn, training, test);
        }

        /** The UCI exports quote every cell and hold no separator inside quotes. */
        private static List<String> cells(String line) {
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",", -1)) {
                cells.add(cell.replace("\"", ""));
            }
            return cells;
        }

        String trainingCsv() {
            StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
            training.forEach(row -> csv.append(String.join(",", row)).append('\n'));
            return csv.toString();
        }

        /** The test rows as JSON objects by column name, empty cells as null. */
        String testObjects() {
            ArrayNode rows = JSON.createArrayNode();
            for (List<String> row : test) {
                ObjectNode object = rows.addObject();
                for (int c = 0; c < header.size(); c++) {
                    if (row.get(c).isEmpty()) {
                        object.putNull(header.get(c));
                    } else {
                        object.put(header.get(c), row.get(c));
                    }
                }
            }
            return rows.toString();
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TablesApiTest.class.getResourceAsStream("/tables/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
