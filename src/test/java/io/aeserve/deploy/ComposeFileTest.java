package io.aeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml wires the service, Prometheus and Grafana to files that exist, and its profile {@code scale}
 * runs serving replicas and a trainer on PostgreSQL and MinIO.
 */
class ComposeFileTest {

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheServiceWithMonitoring() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        // what `docker compose up` starts: the services in no profile
        assertThat(services.entrySet().stream().filter(s -> !s.getValue().containsKey("profiles")).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("aeserve", "prometheus", "grafana");
        Map<String, Object> aeserve = services.get("aeserve");
        assertThat((List<String>) aeserve.get("volumes")).contains("aeserve-data:/data");
        assertThat((List<String>) aeserve.get("ports")).containsExactly("8080:8080", "8081:8081");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKey("aeserve-data");
        Map<String, Object> environment = (Map<String, Object>) aeserve.get("environment");
        assertThat(environment).containsEntry("AESERVE_DATA_DIR", "/data")
                .containsEntry("AESERVE_SECURITY_APIKEYS_0_SCOPES", "read,infer,train,admin");
        // the documented default key is the one whose hash the file holds
        String defaultHash = ((String) environment.get("AESERVE_SECURITY_APIKEYS_0_KEYSHA256")).replaceAll(".*:-(\\w+)}", "$1");
        assertThat(defaultHash).isEqualTo(java.util.HexFormat.of().formatHex(sha256("aeserve-compose-key")));
        assertThat(Files.readString(Path.of("docker-compose.yml"))).contains("`aeserve-compose-key`");
        assertThat(((Map<String, Map<String, Object>>) aeserve.get("build")).get("args")).containsKey("BASE_IMAGE");
        for (Map<String, Object> service : services.values()) {
            for (String volume : (List<String>) service.getOrDefault("volumes", List.of())) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(volume).exists();
                }
            }
        }
        String prometheus = Files.readString(Path.of("src/main/compose/prometheus.yml"));
        assertThat(prometheus).contains("/actuator/prometheus").contains("aeserve:8080");
        assertThat(Path.of("helm/aeserve/dashboards/aeserve.json")).exists();
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScaleProfileRunsServingReplicasAndATrainerOnPostgresAndMinio() throws IOException {
        String file = Files.readString(Path.of("docker-compose.yml"));
        Map<String, Object> compose = new Yaml().load(file);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Map<String, Object>> scale = new java.util.TreeMap<>();
        services.forEach((name, service) -> {
            if (((List<String>) service.getOrDefault("profiles", List.of())).contains("scale")) {
                scale.put(name, service);
            }
        });
        assertThat(scale).containsOnlyKeys("postgres", "minio", "minio-bucket", "aeserve-serve-1", "aeserve-serve-2",
                "aeserve-train");
        assertThat(file).contains("docker compose --profile scale up");

        Map<String, Object> postgres = scale.get("postgres");
        assertThat(postgres.get("image")).isEqualTo("postgres:16");
        Map<String, Object> database = (Map<String, Object>) postgres.get("environment");
        assertThat((Map<String, Object>) postgres.get("healthcheck")).containsKey("test");

        Map<String, Object> minio = scale.get("minio");
        assertThat((String) minio.get("image")).startsWith("minio/minio:");
        Map<String, Object> store = (Map<String, Object>) minio.get("environment");
        assertThat((Map<String, Object>) minio.get("healthcheck")).containsKey("test");
        Map<String, Object> bucket = scale.get("minio-bucket");
        assertThat((String) bucket.get("image")).startsWith("minio/mc:");
        assertThat((Map<String, Object>) bucket.get("environment")).isEqualTo(store);
        assertThat(String.join(" ", (List<String>) bucket.get("command"))).contains("mc mb --ignore-existing store/aeserve");
        assertThat(bucket.get("restart")).isEqualTo("no");
        assertThat((Map<String, Object>) bucket.get("depends_on"))
                .isEqualTo(Map.of("minio", Map.of("condition", "service_healthy")));

        Map<String, Object> single = services.get("aeserve");
        Map<String, Object> singleEnvironment = (Map<String, Object>) single.get("environment");
        List<String> hostPorts = new java.util.ArrayList<>();
        services.values().forEach(service -> ((List<String>) service.getOrDefault("ports", List.of()))
                .forEach(port -> hostPorts.add(port.split(":")[0])));
        assertThat(hostPorts).doesNotHaveDuplicates();

        Map<String, String> roles = Map.of("aeserve-serve-1", "serve", "aeserve-serve-2", "serve", "aeserve-train", "train");
        roles.forEach((name, role) -> {
            Map<String, Object> replica = scale.get(name);
            // the image the default service builds
            assertThat(replica.get("image")).as(name).isEqualTo(single.get("image"));
            assertThat(replica).as(name).doesNotContainKey("build").containsEntry("pull_policy", "never");
            Map<String, Object> environment = (Map<String, Object>) replica.get("environment");
            assertThat(environment).as(name)
                    .containsEntry("AESERVE_ROLE", role)
                    .containsEntry("AESERVE_STORE_TYPE", "s3")
                    .containsEntry("AESERVE_STORE_S3_BUCKET", "aeserve")
                    .containsEntry("AESERVE_STORE_S3_ENDPOINT", "http://minio:9000")
                    .containsEntry("AESERVE_STORE_S3_PATHSTYLEACCESS", "true")
                    .containsKey("AESERVE_STORE_S3_REGION")
                    .containsEntry("AWS_ACCESS_KEY_ID", store.get("MINIO_ROOT_USER"))
                    .containsEntry("AWS_SECRET_ACCESS_KEY", store.get("MINIO_ROOT_PASSWORD"))
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + database.get("POSTGRES_DB"))
                    .containsEntry("SPRING_DATASOURCE_USERNAME", database.get("POSTGRES_USER"))
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", database.get("POSTGRES_PASSWORD"))
                    .containsKeys("AESERVE_STORE_REFRESHINTERVAL", "AESERVE_TRAINING_HEARTBEATINTERVAL",
                            "AESERVE_TRAINING_MISSEDHEARTBEATS")
                    // the same key as the single service, and the same engine settings
                    .containsEntry("AESERVE_SECURITY_APIKEYS_0_KEYSHA256", singleEnvironment.get("AESERVE_SECURITY_APIKEYS_0_KEYSHA256"))
                    .containsEntry("AESERVE_SECURITY_APIKEYS_0_SCOPES", singleEnvironment.get("AESERVE_SECURITY_APIKEYS_0_SCOPES"))
                    .containsEntry("JAVA_TOOL_OPTIONS", singleEnvironment.get("JAVA_TOOL_OPTIONS"));
            assertThat((Map<String, Object>) replica.get("depends_on")).as(name).isEqualTo(Map.of(
                    "postgres", Map.of("condition", "service_healthy"),
                    "minio-bucket", Map.of("condition", "service_completed_successfully")));
            assertThat(replica).as(name).containsEntry("read_only", true).containsEntry("tmpfs", List.of("/tmp"));
            // no volume for models: only the read-only built-in dataset
            assertThat((List<String>) replica.get("volumes")).as(name).allMatch(volume -> volume.endsWith(":ro"));
            String hostPort = ((List<String>) replica.get("ports")).get(0).split(":")[0];
            assertThat(file).as(name + " documented").contains(name).contains("localhost:" + hostPort);
        });
        Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
        for (Map<String, Object> service : scale.values()) {
            for (String volume : (List<String>) service.getOrDefault("volumes", List.of())) {
                String source = volume.split(":")[0];
                if (!source.startsWith("/")) {
                    assertThat(volumes).containsKey(source);
                }
            }
        }
    }
}
