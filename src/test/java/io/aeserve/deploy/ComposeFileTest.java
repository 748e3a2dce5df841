package io.aeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml wires the service, Prometheus and Grafana to files that exist. */
class ComposeFileTest {

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheServiceWithMonitoring() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("aeserve", "prometheus", "grafana");
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
}
