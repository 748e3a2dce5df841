package io.aeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The chart lints and renders what Kubernetes needs, with each option on and off. */
class HelmChartTest {

    static final Path CHART = Path.of("helm/aeserve");

    /** Renders the chart with the given --set values and returns the manifests. */
    static List<Map<String, Object>> render(String... sets) {
        TemplateCommand template = new Helm(CHART).template().withName("ae");
        for (int i = 0; i < sets.length; i += 2) {
            template.set(sets[i], sets[i + 1]);
        }
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(template.call())) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> manifest = (Map<String, Object>) document;
                manifests.add(manifest);
            }
        }
        return manifests;
    }

    static Map<String, Object> kind(List<Map<String, Object>> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
    }

    static List<String> kinds(List<Map<String, Object>> manifests) {
        return manifests.stream().map(m -> (String) m.get("kind")).toList();
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            current = key.matches("\\d+") ? ((List<Object>) current).get(Integer.parseInt(key))
                    : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @Test
    void lintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultsAreAHardenedPersistentDeployment() {
        List<Map<String, Object>> manifests = render();
        assertThat(kinds(manifests)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Secret",
                "PersistentVolumeClaim", "Service", "Deployment");
        Map<String, Object> deployment = kind(manifests, "Deployment");
        Map<String, Object> pod = at(deployment, "spec.template.spec");
        Map<String, Object> container = at(pod, "containers.0");
        assertThat((Object) at(deployment, "spec.replicas")).isEqualTo(1);
        assertThat((Object) at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
        assertThat((Object) at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat((Object) at(pod, "securityContext.runAsUser")).isEqualTo(10001);
        assertThat((Object) at(pod, "terminationGracePeriodSeconds")).isEqualTo(60);
        assertThat((Object) at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat((Object) at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat((List<String>) at(container, "securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat((Object) at(container, "image")).isEqualTo("aeserve:0.1.0");
        assertThat((Object) at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((Object) at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((Object) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat((Object) at(container, "resources.limits.memory")).isEqualTo("4Gi");
        assertThat((Object) at(container, "resources.requests.cpu")).isEqualTo("1");
        assertThat((Object) at(container, "volumeMounts.0.mountPath")).isEqualTo("/data");
        assertThat((Object) at(container, "volumeMounts.1.mountPath")).isEqualTo("/tmp");
        assertThat((Object) at(pod, "volumes.0.persistentVolumeClaim.claimName")).isEqualTo("ae-aeserve-data");
        assertThat((Object) at(kind(manifests, "PersistentVolumeClaim"), "spec.resources.requests.storage"))
                .isEqualTo("10Gi");
        Map<String, Object> config = at(kind(manifests, "ConfigMap"), "data");
        assertThat(config).containsEntry("AESERVE_DATA_DIR", "/data").containsEntry("AESERVE_DEVICE", "auto");
        assertThat((Object) at(kind(manifests, "Service"), "spec.ports.0.port")).isEqualTo(8080);
        assertThat((Object) at(container, "ports.1.name")).isEqualTo("grpc");
        assertThat((Object) at(container, "ports.1.containerPort")).isEqualTo(8081);
        assertThat((Object) at(kind(manifests, "Service"), "spec.ports.1.port")).isEqualTo(8081);
        assertThat((Object) at(kind(manifests, "Service"), "spec.ports.1.targetPort")).isEqualTo("grpc");
        assertThat(config).containsEntry("AESERVE_GRPC_PORT", "8081");
        assertThat((Map<String, Object>) at(kind(manifests, "Service"), "spec.selector"))
                .isEqualTo(at(deployment, "spec.selector.matchLabels"));
    }

    @Test
    void theGrpcPortIsAValue() {
        List<Map<String, Object>> manifests = render("grpc.port", "9090");
        assertThat((Object) at(kind(manifests, "Deployment"), "spec.template.spec.containers.0.ports.1.containerPort"))
                .isEqualTo(9090);
        assertThat((Object) at(kind(manifests, "Service"), "spec.ports.1.port")).isEqualTo(9090);
        assertThat((Map<String, Object>) at(kind(manifests, "ConfigMap"), "data"))
                .containsEntry("AESERVE_GRPC_PORT", "9090");
    }

    @Test
    void aGeneratedAdminKeyIsMountedAsItsHashOnly() {
        List<Map<String, Object>> manifests = render();
        Map<String, Object> secret = kind(manifests, "Secret");
        assertThat((Object) at(secret, "metadata.name")).isEqualTo("ae-aeserve-api-key");
        assertThat(((Map<String, String>) at(secret, "metadata.annotations"))).containsEntry("helm.sh/resource-policy", "keep");
        String key = decode(at(secret, "data.api-key"));
        assertThat(key).hasSize(40);
        assertThat(decode(at(secret, "data.api-keys")))
                .isEqualTo("admin " + sha256(key) + " read,infer,train,admin\n");
        Map<String, Object> pod = at(kind(manifests, "Deployment"), "spec.template.spec");
        assertThat((Object) at(pod, "volumes.2.secret.secretName")).isEqualTo("ae-aeserve-api-key");
        assertThat((Object) at(pod, "volumes.2.secret.items.0.key")).isEqualTo("api-keys");
        assertThat((Object) at(pod, "containers.0.volumeMounts.2.mountPath")).isEqualTo("/etc/aeserve");
        assertThat((Map<String, Object>) at(kind(manifests, "ConfigMap"), "data"))
                .containsEntry("AESERVE_SECURITY_APIKEYSFILE", "/etc/aeserve/api-keys")
                .containsEntry("AESERVE_SECURITY_MODE", "protected");
        assertThat((Object) at(pod, "containers.0.readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void anExistingKeysSecretTokensAndCorsAreSettings() {
        List<Map<String, Object>> manifests = render("security.apiKeys.existingSecret", "team-keys",
                "security.jwt.issuerUri", "https://login.example.com/realms/ml", "security.jwt.audience", "aeserve",
                "security.corsAllowedOrigins[0]", "https://a.example.com",
                "security.corsAllowedOrigins[1]", "https://b.example.com");
        assertThat(kinds(manifests)).doesNotContain("Secret");
        assertThat((Object) at(kind(manifests, "Deployment"), "spec.template.spec.volumes.2.secret.secretName"))
                .isEqualTo("team-keys");
        assertThat((Map<String, Object>) at(kind(manifests, "ConfigMap"), "data"))
                .containsEntry("AESERVE_SECURITY_JWT_ISSUERURI", "https://login.example.com/realms/ml")
                .containsEntry("AESERVE_SECURITY_JWT_AUDIENCE", "aeserve")
                .containsEntry("AESERVE_SECURITY_CORS_ALLOWEDORIGINS", "https://a.example.com,https://b.example.com");

        List<Map<String, Object>> tokensOnly = render("security.apiKeys.generate", "false",
                "security.jwt.jwkSetUri", "https://login.example.com/jwks");
        assertThat(kinds(tokensOnly)).doesNotContain("Secret");
        assertThat((List<?>) at(kind(tokensOnly, "Deployment"), "spec.template.spec.volumes")).hasSize(2);
        assertThat((Map<String, Object>) at(kind(tokensOnly, "ConfigMap"), "data"))
                .doesNotContainKey("AESERVE_SECURITY_APIKEYSFILE");
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void gpuValuesRequestGpusOnGpuNodes() {
        List<Map<String, Object>> manifests = render("gpu.enabled", "true", "gpu.count", "2", "gpu.imageTag",
                "0.1.0-cuda");
        Map<String, Object> pod = at(kind(manifests, "Deployment"), "spec.template.spec");
        Map<String, Object> limits = at(pod, "containers.0.resources.limits");
        assertThat(limits).containsEntry("nvidia.com/gpu", 2).containsEntry("memory", "4Gi");
        assertThat((Object) at(pod, "containers.0.image")).isEqualTo("aeserve:0.1.0-cuda");
        assertThat((Map<String, Object>) at(pod, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        assertThat((Object) at(pod, "tolerations.0.key")).isEqualTo("nvidia.com/gpu");
        assertThat((Map<String, Object>) at(kind(manifests, "ConfigMap"), "data")).containsEntry("AESERVE_DEVICE", "gpu");
    }

    @Test
    void ingressAutoscalingAndMonitoringAreOptional() {
        List<Map<String, Object>> manifests = render("ingress.enabled", "true", "ingress.hosts[0].host", "ae.example.org",
                "ingress.hosts[0].paths[0].path", "/", "ingress.hosts[0].paths[0].pathType", "Prefix",
                "autoscaling.enabled", "true", "autoscaling.targetQueueDepth", "8",
                "persistence.accessModes[0]", "ReadWriteMany",
                "metrics.serviceMonitor.enabled", "true", "metrics.grafanaDashboard.enabled", "true");
        assertThat(kinds(manifests)).contains("Ingress", "HorizontalPodAutoscaler", "ServiceMonitor");
        Map<String, Object> ingress = kind(manifests, "Ingress");
        assertThat((Object) at(ingress, "spec.rules.0.host")).isEqualTo("ae.example.org");
        assertThat((Object) at(ingress, "spec.rules.0.http.paths.0.backend.service.name")).isEqualTo("ae-aeserve");
        Map<String, Object> hpa = kind(manifests, "HorizontalPodAutoscaler");
        assertThat((Object) at(hpa, "spec.maxReplicas")).isEqualTo(4);
        assertThat((Object) at(hpa, "spec.metrics.1.pods.metric.name")).isEqualTo("aeserve_inference_queue_depth");
        Map<String, Object> deployment = kind(manifests, "Deployment");
        assertThat((Object) at(deployment, "spec.replicas")).isNull();
        assertThat((Object) at(deployment, "spec.strategy")).isNull();
        assertThat((Object) at(kind(manifests, "ServiceMonitor"), "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
        Map<String, Object> dashboard = manifests.stream()
                .filter(m -> "ConfigMap".equals(m.get("kind")) && ((String) at(m, "metadata.name")).endsWith("-dashboard"))
                .findFirst().orElseThrow();
        assertThat(((Map<String, String>) at(dashboard, "data")).get("aeserve.json")).contains("aeserve_inference_queue_depth");
    }

    @Test
    void kserveRendersAnOpenInferenceProtocolPredictorInsteadOfTheDeployment() {
        assertThat(kinds(render())).doesNotContain("InferenceService");

        List<Map<String, Object>> manifests = render("kserve.enabled", "true", "kserve.grpcPort", "true",
                "kserve.maxReplicas", "3", "ingress.enabled", "true", "autoscaling.enabled", "true",
                "metrics.serviceMonitor.enabled", "true");
        assertThat(kinds(manifests)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Secret",
                "PersistentVolumeClaim", "InferenceService");
        Map<String, Object> isvc = kind(manifests, "InferenceService");
        assertThat((Object) at(isvc, "apiVersion")).isEqualTo("serving.kserve.io/v1beta1");
        assertThat((Object) at(isvc, "metadata.name")).isEqualTo("ae-aeserve");
        assertThat((Map<String, Object>) at(isvc, "metadata.annotations"))
                .containsEntry("serving.kserve.io/deploymentMode", "RawDeployment");
        Map<String, Object> predictor = at(isvc, "spec.predictor");
        assertThat((Object) at(predictor, "minReplicas")).isEqualTo(1);
        assertThat((Object) at(predictor, "maxReplicas")).isEqualTo(3);
        assertThat((List<?>) at(predictor, "containers")).hasSize(1);
        Map<String, Object> container = at(predictor, "containers.0");
        assertThat((Object) at(container, "name")).isEqualTo("kserve-container");
        assertThat((Object) at(container, "image")).isEqualTo("aeserve:0.1.0");
        assertThat((List<Map<String, Object>>) at(container, "env"))
                .contains(Map.of("name", "PROTOCOL", "value", "v2"));
        assertThat((Object) at(container, "ports.0.name")).isEqualTo("http1");
        assertThat((Object) at(container, "ports.0.containerPort")).isEqualTo(8080);
        assertThat((Object) at(container, "ports.1.name")).isEqualTo("h2c");
        assertThat((Object) at(container, "ports.1.containerPort")).isEqualTo(8081);
        assertThat((Object) at(container, "readinessProbe.httpGet.path")).isEqualTo("/v2/health/ready");
        assertThat((Object) at(container, "livenessProbe.httpGet.path")).isEqualTo("/v2/health/live");
        assertThat((Object) at(container, "startupProbe.httpGet.path")).isEqualTo("/v2/health/live");
        assertThat((Object) at(container, "envFrom.0.configMapRef.name"))
                .isEqualTo(at(kind(manifests, "ConfigMap"), "metadata.name"));
        assertThat((Object) at(container, "resources.limits.memory")).isEqualTo("4Gi");
        assertThat((Object) at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat((Object) at(predictor, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat((Object) at(container, "volumeMounts.2.mountPath")).isEqualTo("/etc/aeserve");
        assertThat((Object) at(predictor, "volumes.2.secret.secretName")).isEqualTo("ae-aeserve-api-key");
        assertThat((Object) at(predictor, "volumes.0.persistentVolumeClaim.claimName")).isEqualTo("ae-aeserve-data");
        assertThat((Object) at(predictor, "volumes.1.emptyDir.sizeLimit")).isEqualTo("1Gi");

        List<Map<String, Object>> serverless = render("kserve.enabled", "true", "kserve.annotations", "null");
        Map<String, Object> single = at(kind(serverless, "InferenceService"), "spec.predictor.containers.0");
        assertThat((List<?>) at(single, "ports")).hasSize(1);
        assertThat((Object) at(kind(serverless, "InferenceService"), "metadata.annotations")).isNull();
    }

    @Test
    void withoutPersistenceModelsLiveInAnEmptyDir() {
        List<Map<String, Object>> manifests = render("persistence.enabled", "false");
        assertThat(kinds(manifests)).doesNotContain("PersistentVolumeClaim");
        assertThat((Object) at(kind(manifests, "Deployment"), "spec.template.spec.volumes.0.emptyDir")).isNotNull();
    }
}
