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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import tools.jackson.databind.JsonNode;

/**
 * The real image: built from the Dockerfile, run with host networking on a named volume, trained, stopped with
 * SIGTERM, and started again on the same volume, where the model must answer as before. The first start uses the
 * application context prepared at build time; the second sets a setting that chooses components (the API
 * description switched off), so it must start the usual way and honour it. Built twice, on a Java 17 base image
 * (which records a class data sharing archive) and on a Java 25 one (an ahead-of-time cache); each must map its
 * archive. The base images come from AESERVE_BUILD_IMAGE, AESERVE_BASE_IMAGE and AESERVE_JAVA25_BASE_IMAGE
 * when set (CI builds them from Debian packages and this machine's Java 25), else from public images.
 */
@Tag("slow")
class ContainerImageTest {

    static DockerClient docker;

    @BeforeAll
    static void connect() {
        Requirements.require(dockerAvailable(), "Docker is not available: the container test needs a running dockerd");
        docker = DockerClientFactory.instance().client();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A base image, and the option its image's entry point must pass to map the start-up archive. */
    record BaseImage(String name, String image, String archiveOption) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BaseImage> baseImages() {
        return Stream.of(
                new BaseImage("Java 17", System.getenv("AESERVE_BASE_IMAGE"), "-XX:SharedArchiveFile=/app/app.jsa"),
                new BaseImage("Java 25", Optional.ofNullable(System.getenv("AESERVE_JAVA25_BASE_IMAGE"))
                        .orElse("eclipse-temurin:25-jre"), "-XX:AOTCache=/app/app.aot"));
    }

    @ParameterizedTest
    @MethodSource("baseImages")
    void modelSurvivesAGracefulRestartOnTheSameVolume(BaseImage base) throws Exception {
        String image = build(base.image());
        String volume = "aeserve-test-" + UUID.randomUUID();
        docker.createVolumeCmd().withName(volume).exec();
        try {
            trainStopAndRestart(image, volume, base);
        } finally {
            docker.removeVolumeCmd(volume).exec();
            docker.removeImageCmd(image).withForce(true).exec();
        }
    }

    private static String build(String baseImage) {
        ImageFromDockerfile build = new ImageFromDockerfile("aeserve-test:" + UUID.randomUUID(), false)
                .withDockerfile(Path.of("Dockerfile").toAbsolutePath())
                .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host"));
        String buildImage = System.getenv("AESERVE_BUILD_IMAGE");
        if (buildImage != null) {
            build.withBuildArg("BUILD_IMAGE", buildImage);
        }
        if (baseImage != null) {
            build.withBuildArg("BASE_IMAGE", baseImage);
        }
        return build.get();
    }

    private static void trainStopAndRestart(String image, String volume, BaseImage base) throws Exception {
        String rows = SyntheticData.jsonRows(SyntheticData.lowRank(300, 16, 3, 9), 300);
        String probe = SyntheticData.jsonRows(SyntheticData.lowRank(3, 16, 3, 10), 3);
        String before;
        int port = freePort();
        try (GenericContainer<?> first = container(image, volume, port)) {
            first.start();
            assertMapsItsArchive(first, base);
            assertThat(first.getLogs()).contains("Starting AOT-processed AeserveApplication");
            HttpJson http = ready(port);
            assertThat(http.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
            assertThat(http.get("/v3/api-docs").status()).isEqualTo(200);
            assertThat(http.get("/").status()).as("dashboard").isEqualTo(200);
            assertThat(http.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
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
        try (GenericContainer<?> second =
                container(image, volume, port).withEnv("SPRINGDOC_APIDOCS_ENABLED", "false")) {
            second.start();
            assertThat(second.getLogs()).doesNotContain("AOT-processed")
                    .contains("Starting without the application context prepared at build time")
                    .contains("springdoc.apidocs.enabled (from systemEnvironment)");
            HttpJson http = ready(port);
            assertThat(http.get("/v3/api-docs").status()).isEqualTo(404);
            assertThat(http.get("/api/v1/models/boxed").json().get("servingVersion").asInt()).isEqualTo(1);
            assertThat(http.post("/api/v1/models/boxed/reconstruct", "{\"inputs\": " + probe + "}").body())
                    .isEqualTo(before);
        }
    }

    /**
     * The entry point's options ask for the prepared application context and name the archive this runtime records;
     * the JVM finds that archive valid for the image's runtime and class path, and it holds classes that only the web
     * server's first request and the gRPC server's start load, so the recording ran past the context's refresh.
     */
    private static void assertMapsItsArchive(GenericContainer<?> container, BaseImage base) throws Exception {
        assertThat(container.execInContainer("cat", "/app/jvm.options").getStdout()).contains(base.archiveOption())
                .contains("-Dspring.aot.enabled=true");
        var archive = container.execInContainer("java", "@/app/jvm.options", "-XX:+PrintSharedArchiveAndExit",
                "-cp", "/app/app.jar");
        assertThat(archive.getExitCode()).as(archive.getStderr()).isZero();
        assertThat(archive.getStdout()).contains("archive is valid")
                .containsPattern(": org\\.apache\\.catalina\\.core\\.ApplicationFilterChain ")
                .containsPattern(": io\\.grpc\\.netty\\.shaded\\.io\\.grpc\\.netty\\.NettyServer ");
    }

    private static GenericContainer<?> container(String image, String volume, int port) {
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
