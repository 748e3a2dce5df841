package io.aeserve.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.Requirements;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** One real epoch on Fashion-MNIST through the public API. */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FashionMnistTrainingTest extends ServiceTest {

    @BeforeEach
    void requireDataset() {
        Requirements.fashionMnist();
    }

    @Test
    void denseModelLearnsInOneEpoch() {
        HttpJson http = new HttpJson("http://localhost:" + port);
        JsonNode dataset = http.get("/api/v1/datasets/fashion-mnist").json();
        assertThat(dataset.get("splits").get("train").asInt()).isEqualTo(60_000);
        assertThat(http.post("/api/v1/models", """
                {"name": "fmnist", "spec": {"variant": "dense", "inputShape": [784], "hiddenLayers": [392],
                 "latentDim": 196}}""").status()).isEqualTo(201);
        String id = http.post("/api/v1/models/fmnist/train",
                "{\"dataset\": \"fashion-mnist\", \"epochs\": 1, \"batchSize\": 256, \"seed\": 3}").json()
                .get("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(5));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        JsonNode metrics = http.get("/api/v1/models/fmnist/versions").json().get(0).get("metrics");
        assertThat(metrics.get("trainingRows").asInt()).isEqualTo(54_000);
        assertThat(metrics.get("validationLoss").asDouble())
                .isLessThan(metrics.get("initialValidationLoss").asDouble() / 5);
        assertThat(metrics.get("validationLoss").asDouble()).isLessThan(0.03);
    }

    @Test
    void classFilterSelectsOneClass() {
        HttpJson http = new HttpJson("http://localhost:" + port);
        http.post("/api/v1/models", """
                {"name": "trousers", "spec": {"variant": "dense", "inputShape": [784], "latentDim": 32}}""");
        JsonNode job = http.post("/api/v1/models/trousers/train",
                "{\"dataset\": \"fashion-mnist\", \"split\": \"test\", \"classes\": [1], \"epochs\": 1}").json();
        assertThat(job.get("dataset").get("rows").asInt()).isEqualTo(1_000);
        http.awaitJob(job.get("id").asString(), Duration.ofMinutes(2));
    }
}
