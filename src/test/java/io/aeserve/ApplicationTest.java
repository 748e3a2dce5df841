package io.aeserve;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"aeserve.limits.max-request-size=4KB", "aeserve.limits.max-upload-size=64KB",
            "aeserve.limits.max-parameters=100000", "aeserve.http.socket-buffer=48KB"})
class ApplicationTest extends ServiceTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void connectionsMoveBytesThroughSocketBuffersOfTheConfiguredSize() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("49152");
        assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("49152");
    }

    @Test
    void healthLivenessAndReadinessAreUp() {
        assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        HttpJson.Reply readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").has("engine")).isTrue();
        assertThat(readiness.json().get("components").has("dataDirectory")).isTrue();
        assertThat(http.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void infoShowsTheEngine() {
        var engine = http.get("/actuator/info").json().get("engine");
        assertThat(engine.get("name").asString()).isEqualTo("PyTorch");
        assertThat(engine.get("version").asString()).isEqualTo("2.7.1");
        assertThat(engine.get("device").asString()).isEqualTo("cpu()");
        assertThat(engine.get("intraOpThreads").asInt()).isPositive();
    }

    @Test
    void servesOpenApiAndSwaggerUi() {
        HttpJson.Reply apiDocs = http.get("/v3/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.json().get("info").get("title").asString()).isEqualTo("aeserve");
        assertThat(apiDocs.json().get("info").get("description").asString()).contains("autoencoders");
        assertThat(apiDocs.json().get("paths").has("/api/v1/models")).isTrue();
        assertThat(apiDocs.json().get("paths").has("/api/v1/models/{name}/anomaly-score")).isTrue();
        // rows are documented as clients send them: arrays of arrays of numbers
        assertThat(apiDocs.json().at("/components/schemas/Rows/properties/inputs/items/type").asString())
                .isEqualTo("array");
        HttpJson.Reply ui = http.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
        assertThat(http.get("/swagger-ui.html").raw().statusCode()).isIn(200, 302);
    }

    @Test
    void exposesPrometheusMetricsWithJvmMeters() {
        HttpJson.Reply metrics = http.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("aeserve_training_jobs");
    }

    @Test
    void malformedJsonIsAProblem400() {
        HttpJson.Reply reply = http.post("/api/v1/models", "{\"name\": ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("title").asString()).isEqualTo("Malformed request body");
        assertThat(reply.json().get("detail").asString()).contains("not valid JSON");
    }

    @Test
    void invalidFieldIsAProblem400NamingTheField() {
        HttpJson.Reply reply = http.post("/api/v1/models",
                "{\"name\": \"m\", \"spec\": {\"variant\": \"dense\", \"inputShape\": [8], \"latentDim\": \"x\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("spec.latentDim");
        HttpJson.Reply missing = http.post("/api/v1/models", "{\"name\": \"m\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("spec");
    }

    @Test
    void otherHttpErrorsAreProblems() {
        HttpJson.Reply notFound = http.get("/api/v1/models/no-such-model");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).startsWith("application/problem+json");
        assertThat(notFound.json().get("detail").asString()).contains("no-such-model");
        assertThat(http.get("/no/such/path").status()).isEqualTo(404);
        HttpJson.Reply wrongType = http.postRaw("/api/v1/models", "text/plain", "x".getBytes());
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
        HttpJson.Reply wrongMethod = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/v1/models"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("type").asString()).isEqualTo("urn:aeserve:problem:http-405");
    }

    @Test
    void bodyOverTheLimitIsA413() {
        String big = "{\"name\": \"" + "x".repeat(5000) + "\"}";
        HttpJson.Reply reply = http.post("/api/v1/models", big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asString()).contains("limit");
    }

    @Test
    void uploadOverItsLimitIsA413WhetherItsLengthIsDeclaredOrNot() {
        byte[] csv = "0.5,0.25\n".repeat(10_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpJson.Reply declared = http.postMultipart("/api/v1/datasets", new Object[] {"file", "big.csv", csv});
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");
        assertThat(declared.json().get("detail").asString()).contains("aeserve.limits.max-upload-size");

        String boundary = "chunked-boundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + "0.5,0.25\n".repeat(10_000) + "\r\n--" + boundary + "--\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpJson.Reply chunked = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + "/api/v1/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body))));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aModelOverTheConfiguredParameterLimitIsRefused() {
        HttpJson.Reply reply = http.post("/api/v1/models", "{\"name\": \"big\", \"spec\": {\"variant\": \"dense\", "
                + "\"inputShape\": [784], \"hiddenLayers\": [392], \"latentDim\": 32}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asString()).contains("at most 100000")
                .contains("aeserve.limits.max-parameters");
        assertThat(http.get("/api/v1/models/big").status()).isEqualTo(404);
    }

    @Test
    void anEmptyBodyAndAFractionForAWholeNumberAreProblemsThatSaySo() {
        HttpJson.Reply empty = http.postRaw("/api/v1/models", "application/json", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).isEqualTo("The request body is empty");
        HttpJson.Reply fraction = http.post("/api/v1/models", "{\"name\": \"m\", \"spec\": {\"variant\": \"dense\", "
                + "\"inputShape\": [8], \"latentDim\": 2.5}}");
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.json().get("errors").get(0).get("field").asString()).isEqualTo("spec.latentDim");
    }
}
