package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** API keys end to end: with keys configured, even this machine's clients need one, with the right scope. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "aeserve.security.api-keys[0].name=ops",
    "aeserve.security.api-keys[0].key-sha256=" + ApiKeyAccessTest.ADMIN_SHA,
    "aeserve.security.api-keys[0].scopes=admin,train,read",
    "aeserve.security.api-keys[1].name=scorer",
    "aeserve.security.api-keys[1].key-sha256=" + ApiKeyAccessTest.INFER_SHA,
    "aeserve.security.api-keys[1].scopes=infer",
    "aeserve.security.cors.allowed-origins=https://app.example.com"
})
class ApiKeyAccessTest extends ServiceTest {

    static final String ADMIN_KEY = "admin-key-0123456789";
    static final String ADMIN_SHA = "6d843254d280913cb5f8e0b48efffb584cce7ff577178fe68e738ddf193af10c";
    static final String INFER_KEY = "infer-key-0123456789";
    static final String INFER_SHA = "fa167b7eb40b632aad10cf7e8b6d3c900a2019c90864acc051efd837f52462e2";
    static final String READER_KEY = "reader-key-from-a-file";

    private HttpJson admin;
    private HttpJson scorer;

    @DynamicPropertySource
    static void keysFile(DynamicPropertyRegistry registry) {
        Path file = TempDirs.create("keys").resolve("api-keys");
        try {
            Files.writeString(file, "# mounted from a Secret\n\nreader " + sha256(READER_KEY) + " read\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("aeserve.security.api-keys-file", file::toString);
    }

    @BeforeEach
    void clients() {
        admin = http.withHeader("Authorization", "Bearer " + ADMIN_KEY);
        scorer = http.withHeader("X-API-Key", INFER_KEY);
    }

    @Test
    void theHashesInThePropertiesAreThoseOfTheKeys() {
        assertThat(sha256(ADMIN_KEY)).isEqualTo(ADMIN_SHA);
        assertThat(sha256(INFER_KEY)).isEqualTo(INFER_SHA);
    }

    @Test
    void withKeysConfiguredEvenLoopbackClientsNeedOne() {
        HttpJson.Reply missing = http.get("/api/v1/models");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(missing.json().get("detail").asString()).contains("needs credentials").contains("X-API-Key");

        HttpJson.Reply wrong = http.withHeader("X-API-Key", "not-a-key").get("/api/v1/models");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).contains("refused");

        assertThat(admin.get("/api/v1/models").status()).isEqualTo(200);
        assertThat(http.withHeader("X-API-Key", ADMIN_KEY).get("/api/v1/models").status()).isEqualTo(200);
        assertThat(http.withHeader("Authorization", "Bearer " + READER_KEY).get("/api/v1/models").status())
                .as("a key from the keys file").isEqualTo(200);
    }

    @Test
    void inferMayScoreADatasetAndFollowTheJobButOnlyAdminSetsAThreshold() {
        String rows = "[[0.1, 0.9, 0.2, 0.8], [0.2, 0.8, 0.1, 0.9], [0.15, 0.85, 0.2, 0.8], [0.1, 0.8, 0.2, 0.9]]";
        assertThat(admin.post("/api/v1/models", "{\"name\": \"batch\", \"spec\": {\"variant\": \"dense\", "
                + "\"inputShape\": [4], \"hiddenLayers\": [3], \"latentDim\": 2}}").status()).isEqualTo(201);
        JsonNode job = admin.post("/api/v1/models/batch/train", "{\"data\": " + rows + ", \"epochs\": 2}").json();
        assertThat(admin.awaitJob(job.get("id").asString(), Duration.ofMinutes(2)).get("state").asString())
                .isEqualTo("succeeded");
        String dataset = admin.postMultipart("/api/v1/datasets", new Object[] {"file", "rows.csv",
                "0.1,0.9,0.2,0.8\n0.2,0.8,0.1,0.9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)})
                .json().get("id").asString();
        HttpJson.Reply submitted = scorer.post("/api/v1/models/batch/score-jobs", "{\"dataset\": \"" + dataset
                + "\"}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(scorer.get("/api/v1/score-jobs/" + submitted.json().get("id").asString()).status())
                .isEqualTo(200);
        HttpJson.Reply threshold = scorer.put("/api/v1/models/batch/versions/1/threshold",
                "{\"rule\": \"fpr\", \"value\": 0.05}");
        assertThat(threshold.status()).isEqualTo(403);
        assertThat(threshold.json().get("requiredScope").asString()).isEqualTo("admin");
        assertThat(admin.put("/api/v1/models/batch/versions/1/threshold", "{\"rule\": \"fpr\", \"value\": 0.05}")
                .status()).isEqualTo(200);
    }

    @Test
    void inferAloneMayScoreButNotDeleteTrainOrImport(CapturedOutput output) {
        String rows = "[[0.1, 0.9, 0.2, 0.8], [0.2, 0.8, 0.1, 0.9], [0.15, 0.85, 0.2, 0.8], [0.1, 0.8, 0.2, 0.9]]";
        assertThat(admin.post("/api/v1/models", "{\"name\": \"guarded\", \"spec\": {\"variant\": \"dense\", "
                + "\"inputShape\": [4], \"hiddenLayers\": [3], \"latentDim\": 2}}").status()).isEqualTo(201);
        JsonNode job = admin.post("/api/v1/models/guarded/train", "{\"data\": " + rows + ", \"epochs\": 2}").json();
        assertThat(admin.awaitJob(job.get("id").asString(), Duration.ofMinutes(2)).get("state").asString())
                .isEqualTo("succeeded");

        HttpJson.Reply scored = scorer.post("/api/v1/models/guarded/anomaly-score", "{\"inputs\": " + rows + "}");
        assertThat(scored.status()).isEqualTo(200);
        assertThat(scored.json().get("scores").size()).isEqualTo(4);

        HttpJson.Reply delete = scorer.delete("/api/v1/models/guarded");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.contentType()).startsWith("application/problem+json");
        assertThat(delete.json().get("requiredScope").asString()).isEqualTo("admin");
        assertThat(delete.json().get("detail").asString()).contains("'scorer'").contains("'admin'");
        HttpJson.Reply train = scorer.post("/api/v1/models/guarded/train", "{\"data\": " + rows + "}");
        assertThat(train.status()).isEqualTo(403);
        assertThat(train.json().get("requiredScope").asString()).isEqualTo("train");
        HttpJson.Reply importing = scorer.postMultipart("/api/v1/models/guarded/versions",
                new Object[] {"file", "model.zip", new byte[] {1, 2, 3}});
        assertThat(importing.status()).isEqualTo(403);
        assertThat(scorer.get("/api/v1/models").status()).as("infer does not include read").isEqualTo(403);
        assertThat(admin.get("/api/v1/models/guarded").status()).as("the model is still there").isEqualTo(200);

        assertThat(admin.delete("/api/v1/models/guarded").status()).isEqualTo(204);
        assertThat(output).contains("subject=ops action=train model=guarded")
                .contains("subject=ops action=delete-model model=guarded version=- status=204")
                .contains("subject=scorer action=delete-model model=guarded version=- status=403 denied");
    }

    @Test
    void probesAndPrometheusNeedNoKeyButDetailsAndInfoNeedAdmin() {
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        HttpJson.Reply readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().has("components")).as("no details without admin").isFalse();
        assertThat(admin.get("/actuator/health/readiness").json().get("components").has("engine")).isTrue();
        assertThat(http.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(http.get("/actuator/info").status()).isEqualTo(401);
        assertThat(scorer.get("/actuator/info").status()).isEqualTo(403);
        JsonNode security = admin.get("/actuator/info").json().get("security");
        assertThat(security.get("mode").asString()).isEqualTo("protected");
        assertThat(security.get("apiKeys").asInt()).isEqualTo(3);
        assertThat(security.has("warning")).isFalse();
    }

    @Test
    void openApiDescribesTheSchemesAndSwaggerUiStaysReachable() {
        JsonNode docs = http.get("/v3/api-docs").json();
        assertThat(docs.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(docs.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigin() {
        HttpJson.Reply allowed = preflight("https://app.example.com");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://app.example.com");
        HttpJson.Reply refused = preflight("https://evil.example.org");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpJson.Reply preflight(String origin) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/models"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key,content-type"));
    }

    static String sha256(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }
}
