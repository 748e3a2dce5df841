package io.aeserve.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.support.Auroc;
import io.aeserve.support.NpyClient;
import io.aeserve.support.Requirements;
import io.aeserve.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A floor on quality, never on time: one-class models of two Fashion-MNIST classes, trained briefly with a fixed
 * seed, must still tell their class from the other nine in the test set. Fails when a change breaks learning or
 * scoring.
 */
@Tag("slow")
class AnomalyQualityGuardTest extends ServiceTest {

    static final double FLOOR = 0.85;

    @Test
    void oneClassModelsSeparateTheirClassFromTheOthers() {
        Requirements.fashionMnist();
        DataMatrix test = new FashionMnist(Requirements.FASHION_MNIST).split("test");
        for (int normalClass : new int[] {1, 9}) {
            String model = "guard-" + normalClass;
            assertThat(http.post("/api/v1/models", "{\"name\": \"" + model + "\", \"spec\": {\"variant\": \"dense\","
                    + " \"inputShape\": [784], \"hiddenLayers\": [256], \"latentDim\": 32, \"normalization\": \"none\","
                    + " \"outputActivation\": \"sigmoid\"}}").status()).isEqualTo(201);
            String job = http.post("/api/v1/models/" + model + "/train", "{\"dataset\": \"fashion-mnist\", \"classes\": ["
                    + normalClass + "], \"epochs\": 3, \"batchSize\": 128, \"seed\": 11}").json().get("id").asString();
            assertThat(http.awaitJob(job, Duration.ofMinutes(5)).get("state").asString()).isEqualTo("succeeded");
            boolean[] normal = new boolean[test.rows()];
            for (int i = 0; i < normal.length; i++) {
                normal[i] = test.labels()[i] == normalClass;
            }
            for (String score : List.of("reconstruction", "latent", "combined", "knn")) {
                double auroc = Auroc.of(new NpyClient(http).scores(model, test.values(), test.rows(), 784, score),
                        normal);
                assertThat(auroc).as("AUROC of class " + normalClass + " by " + score).isGreaterThan(FLOOR);
            }
        }
    }
}
