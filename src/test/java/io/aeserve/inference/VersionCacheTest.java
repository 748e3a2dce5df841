package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "aeserve.inference.cache.max-versions=2")
class VersionCacheTest extends ServiceTest {

    @Autowired
    VersionCache cache;

    @Test
    void leastRecentlyUsedVersionsAreUnloadedAndReloadedOnDemand() {
        HttpJson http = new HttpJson("http://localhost:" + port);
        String rows = SyntheticData.jsonRows(SyntheticData.lowRank(200, 8, 2, 1), 200);
        for (String name : new String[] {"a", "b", "c"}) {
            http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"spec\": {\"variant\": \"dense\", \"inputShape\":"
                    + " [8], \"latentDim\": 2}}");
            String id = http.post("/api/v1/models/" + name + "/train", "{\"data\": " + rows + ", \"epochs\": 2}").json()
                    .get("id").asString();
            http.awaitJob(id, Duration.ofMinutes(1));
        }
        String input = "{\"inputs\": [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]]}";
        String firstA = http.post("/api/v1/models/a/reconstruct", input).body();
        http.post("/api/v1/models/b/reconstruct", input);
        assertThat(cache.loaded()).extracting(VersionCache.Key::model).containsExactly("a", "b");
        http.post("/api/v1/models/c/reconstruct", input);
        assertThat(cache.loaded()).extracting(VersionCache.Key::model).containsExactly("b", "c");
        assertThat(http.post("/api/v1/models/a/reconstruct", input).body()).isEqualTo(firstA);
        assertThat(cache.loaded()).extracting(VersionCache.Key::model).containsExactly("c", "a");
        assertThat(http.delete("/api/v1/models/c").status()).isEqualTo(204);
        assertThat(cache.loaded()).extracting(VersionCache.Key::model).containsExactly("a");
        assertThat(http.get("/actuator/info").json().get("loadedVersions").toString()).isEqualTo("[\"a/1\"]");
    }
}
