package io.aeserve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.DatasetService;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/** The limits a training request is checked against, and deletion during a submission. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "aeserve.limits.max-epochs=2000", "aeserve.limits.max-batch-memory=1MB",
    "aeserve.limits.max-parameters=2000000"})
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
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode model = http.get("/api/v1/models/raced").json();
        assertThat(model.get("spec").get("hiddenLayers").get(0).asInt()).isEqualTo(12);
        assertThat(model.get("servingVersion").asInt()).isEqualTo(1);
    }
}
