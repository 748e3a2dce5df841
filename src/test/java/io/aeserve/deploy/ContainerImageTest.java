package io.aeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.aeserve.support.HttpJson;
import io.aeserve.support.Requirements;
import io.aeserve.support.SyntheticData;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import tools.jackson.databind.JsonNode;

/**
 * The real image: built from the Dockerfile, run with host networking on a named volume, trained, stopped with
 * SIGTERM, and started again on the same volume, where the model must answer as before. The base images come from
 * AESERVE_BUILD_IMAGE and AESERVE_BASE_IMAGE when set (CI builds them from Debian packages), else from the
 * Dockerfile's public defaults.
 */
@Tag("slow")
class ContainerImageTest {

    static String image;
    static String volume;
    static DockerClient docker;

    @BeforeAll
    static void buildImage() {
        Requirements.require(dockerAvailable(), "Docker is not available: the container test needs a running dockerd");
        docker = DockerClientFactory.instance().client();
        ImageFromDockerfile build = new ImageFromDockerfile("aeserve-test:" + UUID.randomUUID(), false)
                .withDockerfile(Path.of("Dockerfile").toAbsolutePath())
                .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host"));
        String buildImage = System.getenv("AESERVE_BUILD_IMAGE");
        String baseImage = System.getenv("AESERVE_BASE_IMAGE");
        if (buildImage != null) {
            build.withBuildArg("BUILD_IMAGE", buildImage);
        }
        if (baseImage != null) {
            build.withBuildArg("BASE_IMAGE", baseImage);
        }
        image = build.get();
        volume = "aeserve-test-" + UUID.randomUUID();
        docker.createVolumeCmd().withName(volume).exec();
    }

    @AfterAll
    static void removeVolumeAndImage() {
        if (volume != null) {
            docker.removeVolumeCmd(volume).exec();
        }
        if (image != null) {
            docker.removeImageCmd(image).withForce(true).exec();
        }
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void modelSurvivesAGracefulRestartOnTheSameVolume() throws Exception {
        String rows = SyntheticData.jsonRows(SyntheticData.lowRank(300, 16, 3, 9), 300);
        String probe = SyntheticData.jsonRows(SyntheticData.lowRank(3, 16, 3, 10), 3);
        String before;
        int port = freePort();
        try (GenericContainer<?> first = container(port)) {
            first.start();
            HttpJson http = ready(port);
            assertThat(http.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
            assertThat(http.get("/actuator/info").json().get("engine").get("name").asString()).isEqualTo("PyTorch");
            assertThat(http.post("/api/v1/models", "{\"name\": \"boxed\", \"spec\": {\"variant\": \"dense\","
                    + " \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}}").status()).isEqualTo(201);
            String id = http.post("/api/v1/models/boxed/train", "{\"data\": " + rows + ", \"epochs\": 10, \"seed\": 1}")
                    .json().get("id").asString();
            JsonNode job = http.awaitJob(id, Duration.ofMinutes(2));
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
            before = http.post("/api/v1/models/boxed/reconstruct", "{\"inputs\": " + probe + "}").body();

            docker.stopContainerCmd(first.getContainerId()).withTimeout(60).exec();
            var state = docker.inspectContainerCmd(first.getContainerId()).exec().getState();
            assertThat(state.getExitCodeLong()).as("exit code after SIGTERM").isIn(0L, 143L);
            assertThat(first.getLogs()).contains("Graceful shutdown complete");
        }
        port = freePort();
        try (GenericContainer<?> second = container(port)) {
            second.start();
            HttpJson http = ready(port);
            assertThat(http.get("/api/v1/models/boxed").json().get("servingVersion").asInt()).isEqualTo(1);
            assertThat(http.post("/api/v1/models/boxed/reconstruct", "{\"inputs\": " + probe + "}").body())
                    .isEqualTo(before);
        }
    }

    private static GenericContainer<?> container(int port) {
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withEnv("SERVER_PORT", Integer.toString(port))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withBinds(new Bind(volume, new Volume("/data")))
                        .withReadonlyRootfs(true)
                        .withTmpFs(java.util.Map.of("/tmp", "rw,size=256m")))
                // host networking maps no ports, so wait for the start-up line, then for readiness over HTTP
                .waitingFor(Wait.forLogMessage(".*Started AeserveApplication.*\\n", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
    }

    private static HttpJson ready(int port) throws InterruptedException {
        HttpJson http = new HttpJson("http://localhost:" + port);
        for (int attempt = 0; attempt < 120; attempt++) {
            if (http.get("/actuator/health/readiness").status() == 200) {
                return http;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the container did not become ready");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
