package io.aeserve.oip;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Open Inference Protocol over REST, end to end with a plain HTTP client and hand-written requests: health,
 * metadata, readiness, inference in JSON and binary, and the same results as the service's own endpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "aeserve.limits.max-request-size=256KB")
class OipRestApiTest extends ServiceTest {

    static final DataMatrix TABLE = SyntheticData.lowRank(200, 16, 3, 31);
    static final int ROWS = 5;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void trainModels() {
        http = new HttpJson("http://localhost:" + port);
        train("table", "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}");
        train("vae", "{\"variant\": \"variational\", \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3,"
                + " \"beta\": 0.1}");
        assertThat(http.post("/api/v1/models", "{\"name\": \"untrained\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [16], \"latentDim\": 3}}").status()).isEqualTo(201);
    }

    void train(String name, String spec) {
        assertThat(http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"spec\": " + spec + "}").status())
                .isEqualTo(201);
        String id = http.post("/api/v1/models/" + name + "/train", "{\"data\": " + SyntheticData.jsonRows(TABLE, 200)
                + ", \"epochs\": 3, \"batchSize\": 32, \"seed\": 7}").json().get("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(2));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    }

    // ---- the client: plain JDK HTTP, requests written by hand

    HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> postJson(String path, String body) throws Exception {
        return post(path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode read(HttpResponse<byte[]> response) {
        return json.readTree(response.body());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The first ROWS rows as a nested JSON array, the way the existing endpoints take them. */
    static String nestedRows() {
        return SyntheticData.jsonRows(TABLE, ROWS);
    }

    static String inferBody(String outputs) {
        return "{\"id\": \"req-1\", \"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [" + ROWS
                + ", 16], \"data\": " + nestedRows() + "}]" + (outputs != null ? ", \"outputs\": " + outputs : "")
                + "}";
    }

    static List<Float> floats(JsonNode array) {
        List<Float> values = new ArrayList<>();
        collect(array, values);
        return values;
    }

    private static void collect(JsonNode node, List<Float> values) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, values));
        } else {
            values.add(node.floatValue());
        }
    }

    static List<Boolean> booleans(JsonNode array) {
        List<Boolean> values = new ArrayList<>();
        array.forEach(value -> values.add(value.booleanValue()));
        return values;
    }

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode output : response.get("outputs")) {
            if (output.get("name").asString().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    static List<String> names(JsonNode response) {
        List<String> names = new ArrayList<>();
        response.get("outputs").forEach(output -> names.add(output.get("name").asString()));
        return names;
    }

    static List<Float> littleEndianFloats(byte[] bytes, int from, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, from, length).order(ByteOrder.LITTLE_ENDIAN);
        List<Float> values = new ArrayList<>();
        while (buffer.remaining() > 0) {
            values.add(buffer.getFloat());
        }
        return values;
    }

    // ---- health and metadata

    @Test
    void healthIsOpenAndAnsweredWith200() throws Exception {
        HttpResponse<byte[]> live = get("/v2/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEmpty();
        assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void serverMetadataNamesTheBinaryExtension() throws Exception {
        HttpResponse<byte[]> response = get("/v2");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode server = read(response);
        assertThat(server.get("name").asString()).isEqualTo("aeserve");
        assertThat(server.get("version").asString()).isNotBlank();
        assertThat(server.get("extensions").toString()).contains("binary_tensor_data");
    }

    @Test
    void modelMetadataDescribesTheInputAndOutputs() throws Exception {
        HttpResponse<byte[]> response = get("/v2/models/table");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode model = read(response);
        assertThat(model.get("name").asString()).isEqualTo("table");
        assertThat(model.get("versions").toString()).isEqualTo("[\"1\"]");
        assertThat(model.get("platform").asString()).isNotBlank();
        assertThat(model.get("inputs").toString())
                .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,16]}]");
        assertThat(names(model)).containsExactly("score", "anomaly", "percentile", "reconstruction", "code");
        assertThat(output(model, "anomaly").get("datatype").asString()).isEqualTo("BOOL");
        assertThat(output(model, "code").get("shape").toString()).isEqualTo("[-1,3]");
        assertThat(output(model, "reconstruction").get("shape").toString()).isEqualTo("[-1,16]");

        assertThat(get("/v2/models/table/versions/1").statusCode()).isEqualTo(200);
        assertThat(names(read(get("/v2/models/vae")))).contains("log_variance");
        HttpResponse<byte[]> unknownVersion = get("/v2/models/table/versions/9");
        assertThat(unknownVersion.statusCode()).isEqualTo(404);
        assertThat(read(unknownVersion).get("error").asString()).contains("table/9");
        HttpResponse<byte[]> unknown = get("/v2/models/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(read(unknown).get("error").asString()).contains("nope");
    }

    @Test
    void readinessFollowsTheVersions() throws Exception {
        assertThat(get("/v2/models/table/ready").statusCode()).isEqualTo(200);
        assertThat(get("/v2/models/table/versions/1/ready").statusCode()).isEqualTo(200);
        assertThat(get("/v2/models/table/versions/2/ready").statusCode()).isEqualTo(404);
        assertThat(get("/v2/models/table/versions/one/ready").statusCode()).isEqualTo(404);
        assertThat(get("/v2/models/nope/ready").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> untrained = get("/v2/models/untrained/ready");
        assertThat(untrained.statusCode()).isEqualTo(400);
        assertThat(read(untrained).get("error").asString()).contains("untrained");
    }

    @Test
    void theOpenApiDescriptionDocumentsTheProtocol() throws Exception {
        HttpResponse<byte[]> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = read(response);
        assertThat(docs.get("tags").toString()).contains("Open Inference Protocol");
        JsonNode infer = docs.get("paths").get("/v2/models/{model}/infer").get("post");
        assertThat(infer.get("tags").toString()).contains("Open Inference Protocol");
        assertThat(infer.get("requestBody").get("content").has("application/octet-stream")).isTrue();
        assertThat(infer.toString()).contains("binary_data");
        assertThat(docs.get("paths").has("/v2/models/{model}/versions/{version}/ready")).isTrue();
    }

    // ---- inference in JSON

    @Test
    void jsonInferenceEqualsTheServiceEndpoints() throws Exception {
        HttpResponse<byte[]> response = postJson("/v2/models/table/infer", inferBody("""
                [{"name": "reconstruction"}, {"name": "code"},
                 {"name": "score", "parameters": {"score": "knn", "threshold_rule": "sigma", "threshold_value": 1}},
                 {"name": "anomaly"}, {"name": "percentile"}]"""));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode answer = read(response);
        assertThat(answer.get("model_name").asString()).isEqualTo("table");
        assertThat(answer.get("model_version").asString()).isEqualTo("1");
        assertThat(answer.get("id").asString()).isEqualTo("req-1");
        assertThat(names(answer)).containsExactly("reconstruction", "code", "score", "anomaly", "percentile");

        JsonNode reconstructed = http.post("/api/v1/models/table/reconstruct", "{\"inputs\": " + nestedRows() + "}")
                .json();
        JsonNode reconstruction = output(answer, "reconstruction");
        assertThat(reconstruction.get("datatype").asString()).isEqualTo("FP32");
        assertThat(reconstruction.get("shape").toString()).isEqualTo("[" + ROWS + ",16]");
        assertThat(floats(reconstruction.get("data"))).isEqualTo(floats(reconstructed.get("outputs")));

        JsonNode encoded = http.post("/api/v1/models/table/encode", "{\"inputs\": " + nestedRows() + "}").json();
        JsonNode code = output(answer, "code");
        assertThat(code.get("shape").toString()).isEqualTo("[" + ROWS + ",3]");
        assertThat(floats(code.get("data"))).isEqualTo(floats(encoded.get("codes")));

        JsonNode scored = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + nestedRows()
                + ", \"score\": \"knn\", \"threshold\": {\"rule\": \"sigma\", \"value\": 1}}").json();
        JsonNode score = output(answer, "score");
        assertThat(score.get("shape").toString()).isEqualTo("[" + ROWS + "]");
        assertThat(floats(score.get("data"))).isEqualTo(floats(scored.get("scores")));
        JsonNode anomaly = output(answer, "anomaly");
        assertThat(anomaly.get("datatype").asString()).isEqualTo("BOOL");
        assertThat(booleans(anomaly.get("data"))).isEqualTo(booleans(scored.get("anomalies")));
        assertThat(floats(output(answer, "percentile").get("data"))).isEqualTo(floats(scored.get("percentiles")));
    }

    @Test
    void theOutputsNamedChooseTheWork() throws Exception {
        JsonNode codeOnly = read(postJson("/v2/models/table/versions/1/infer", inferBody("[{\"name\": \"code\"}]")));
        assertThat(names(codeOnly)).containsExactly("code");

        HttpResponse<byte[]> defaults = postJson("/v2/models/table/infer", inferBody(null));
        assertThat(defaults.statusCode()).as(text(defaults)).isEqualTo(200);
        assertThat(names(read(defaults))).containsExactly("score", "anomaly", "reconstruction");
        JsonNode scored = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + nestedRows() + "}").json();
        assertThat(floats(output(read(defaults), "score").get("data"))).isEqualTo(floats(scored.get("scores")));

        // score parameters may come with the request, for every scored output
        JsonNode requestLevel = read(postJson("/v2/models/table/infer", """
                {"parameters": {"score": "latent"}, "inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 16],
                 "data": %s}], "outputs": [{"name": "score"}]}""".formatted(SyntheticData.jsonRows(TABLE, 1))));
        JsonNode latent = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": "
                + SyntheticData.jsonRows(TABLE, 1) + ", \"score\": \"latent\"}").json();
        assertThat(floats(output(requestLevel, "score").get("data"))).isEqualTo(floats(latent.get("scores")));
    }

    @Test
    void aVariationalModelGivesItsLogVariance() throws Exception {
        HttpResponse<byte[]> response = postJson("/v2/models/vae/infer",
                inferBody("[{\"name\": \"code\"}, {\"name\": \"log_variance\"}]"));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode answer = read(response);
        JsonNode encoded = http.post("/api/v1/models/vae/encode", "{\"inputs\": " + nestedRows() + "}").json();
        JsonNode logVariance = output(answer, "log_variance");
        assertThat(logVariance.get("shape").toString()).isEqualTo("[" + ROWS + ",3]");
        assertThat(floats(logVariance.get("data"))).isEqualTo(floats(encoded.get("logVariance")));
        assertThat(floats(output(answer, "code").get("data"))).isEqualTo(floats(encoded.get("codes")));

        HttpResponse<byte[]> dense = postJson("/v2/models/table/infer", inferBody("[{\"name\": \"log_variance\"}]"));
        assertThat(dense.statusCode()).isEqualTo(400);
        assertThat(read(dense).get("error").asString()).contains("variational");
    }

    // ---- the binary tensor data extension

    @Test
    void binaryRequestsAndAnswersCarryRawLittleEndianBytes() throws Exception {
        float[] rows = Arrays.copyOfRange(TABLE.values(), 0, ROWS * 16);
        ByteBuffer raw = ByteBuffer.allocate(rows.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : rows) {
            raw.putFloat(value);
        }
        byte[] header = ("{\"id\": \"bin\", \"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": ["
                + ROWS + ", 16], \"parameters\": {\"binary_data_size\": " + rows.length * 4 + "}}],"
                + " \"outputs\": [{\"name\": \"reconstruction\", \"parameters\": {\"binary_data\": true}},"
                + " {\"name\": \"anomaly\", \"parameters\": {\"binary_data\": true}}, {\"name\": \"score\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[header.length + raw.capacity()];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(raw.array(), 0, body, header.length, raw.capacity());

        HttpResponse<byte[]> response = post("/v2/models/table/infer", "application/octet-stream", body,
                "Inference-Header-Content-Length", Integer.toString(header.length));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode answer = json.readTree(Arrays.copyOf(response.body(), jsonLength));
        assertThat(answer.get("id").asString()).isEqualTo("bin");
        JsonNode reconstruction = output(answer, "reconstruction");
        assertThat(reconstruction.has("data")).isFalse();
        assertThat(reconstruction.get("parameters").get("binary_data_size").asInt()).isEqualTo(ROWS * 16 * 4);
        assertThat(output(answer, "anomaly").get("parameters").get("binary_data_size").asInt()).isEqualTo(ROWS);
        assertThat(response.body()).hasSize(jsonLength + ROWS * 16 * 4 + ROWS);

        JsonNode reconstructed = http.post("/api/v1/models/table/reconstruct", "{\"inputs\": " + nestedRows() + "}")
                .json();
        assertThat(littleEndianFloats(response.body(), jsonLength, ROWS * 16 * 4))
                .isEqualTo(floats(reconstructed.get("outputs")));
        JsonNode scored = http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": " + nestedRows() + "}").json();
        List<Boolean> flags = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            byte flag = response.body()[jsonLength + ROWS * 16 * 4 + i];
            assertThat(flag).isIn((byte) 0, (byte) 1);
            flags.add(flag == 1);
        }
        assertThat(flags).isEqualTo(booleans(scored.get("anomalies")));
        assertThat(floats(output(answer, "score").get("data"))).isEqualTo(floats(scored.get("scores")));
    }

    @Test
    void binaryDataOutputAnswersEveryOutputAsBytes() throws Exception {
        String request = "{\"parameters\": {\"binary_data_output\": true}, \"inputs\": [{\"name\": \"input\","
                + " \"datatype\": \"FP32\", \"shape\": [" + ROWS + ", 16], \"data\": " + nestedRows() + "}],"
                + " \"outputs\": [{\"name\": \"code\"}]}";
        HttpResponse<byte[]> response = postJson("/v2/models/table/infer", request);
        assertThat(response.statusCode()).isEqualTo(200);
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode encoded = http.post("/api/v1/models/table/encode", "{\"inputs\": " + nestedRows() + "}").json();
        assertThat(littleEndianFloats(response.body(), jsonLength, response.body().length - jsonLength))
                .isEqualTo(floats(encoded.get("codes")));
    }

    // ---- errors in the protocol's shape

    @Test
    void errorsAreInTheProtocolsShapeWithTheApisStatusCodes() throws Exception {
        assertError(postJson("/v2/models/nope/infer", inferBody(null)), 404, "nope");
        assertError(postJson("/v2/models/table/versions/3/infer", inferBody(null)), 404, "table/3");
        assertError(postJson("/v2/models/untrained/infer", inferBody(null)), 409, "no trained version");
        assertError(postJson("/v2/models/table/infer", "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"INT64\","
                + " \"shape\": [1, 16], \"data\": [1]}]}"), 400, "FP32");
        assertError(postJson("/v2/models/table/infer", "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 3], \"data\": [1, 2, 3]}]}"), 400, "[3]");
        assertError(postJson("/v2/models/table/infer", "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [2, 16], \"data\": [1, 2, 3]}]}"), 400, "values");
        assertError(postJson("/v2/models/table/infer", inferBody("[{\"name\": \"colour\"}]")), 400, "colour");
        assertError(postJson("/v2/models/table/infer", inferBody(
                "[{\"name\": \"score\", \"parameters\": {\"score\": \"telepathy\"}}]")), 400, "telepathy");
        assertError(postJson("/v2/models/table/infer", "{\"inputs\": [ nope"), 400, "JSON");
        assertError(post("/v2/models/table/infer", "application/octet-stream", "{}".getBytes(StandardCharsets.UTF_8),
                "Inference-Header-Content-Length", "99"), 400, "Inference-Header-Content-Length");
        byte[] huge = new byte[300 * 1024];
        Arrays.fill(huge, (byte) ' ');
        assertError(post("/v2/models/table/infer", "application/json", huge), 413, "limit");

        // the rest of the API keeps its problem details
        HttpJson.Reply problem = http.post("/api/v1/models/nope/reconstruct", "{\"inputs\": [[1]]}");
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.contentType()).startsWith("application/problem+json");
    }

    void assertError(HttpResponse<byte[]> response, int status, String mention) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = read(response);
        assertThat(error.properties()).hasSize(1);
        assertThat(error.get("error").asString()).contains(mention);
    }
}
