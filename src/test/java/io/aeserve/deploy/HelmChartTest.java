package io.aeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    static Map<String, Object> named(List<Map<String, Object>> manifests, String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata.name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
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
        // the single-pod shape: no role, no component, nothing of the scale-out shape
        assertThat((Object) at(deployment, "metadata.name")).isEqualTo("ae-aeserve");
        assertThat((Map<String, Object>) at(deployment, "spec.selector.matchLabels"))
                .doesNotContainKey("app.kubernetes.io/component");
        assertThat((List<Map<String, Object>>) at(container, "env")).extracting(env -> env.get("name"))
                .containsExactly("JAVA_TOOL_OPTIONS");
        assertThat(config).doesNotContainKeys("AESERVE_STORE_TYPE", "SPRING_DATASOURCE_URL");
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

    /** A bucket on an S3-compatible store with an access key, and PostgreSQL with its password in a Secret. */
    static final String[] SCALE_OUT = {
            "objectStore.bucket", "aeserve-models", "objectStore.prefix", "prod/", "objectStore.region", "eu-west-1",
            "objectStore.endpoint", "http://minio.storage:9000", "objectStore.pathStyleAccess", "true",
            "objectStore.credentials.existingSecret", "s3-keys",
            "externalDatabase.host", "pg.db.svc", "externalDatabase.database", "models",
            "externalDatabase.username", "ae", "externalDatabase.existingSecret", "pg-auth",
            "externalDatabase.existingSecretPasswordKey", "pg-password",
            "externalDatabase.params.sslmode", "verify-full",
            "externalDatabase.params.sslrootcert", "/etc/ssl/pg/ca.crt"};

    static List<Map<String, Object>> renderScaleOut(String... sets) {
        String[] all = java.util.Arrays.copyOf(SCALE_OUT, SCALE_OUT.length + sets.length);
        System.arraycopy(sets, 0, all, SCALE_OUT.length, sets.length);
        return render(all);
    }

    static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> variable : (List<Map<String, Object>>) at(container, "env")) {
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value")
                    : at(variable, "valueFrom.secretKeyRef.name") + "/" + at(variable, "valueFrom.secretKeyRef.key"));
        }
        return env;
    }

    @Test
    void aBucketAndADatabaseRunServingAndTrainerPodsWithoutAVolume() {
        List<Map<String, Object>> manifests = renderScaleOut();
        assertThat(kinds(manifests)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Secret", "Service",
                "Deployment", "Deployment", "PodDisruptionBudget");
        Map<String, Object> serving = named(manifests, "Deployment", "ae-aeserve-serve");
        Map<String, Object> trainer = named(manifests, "Deployment", "ae-aeserve-train");

        Map<String, Object> config = at(kind(manifests, "ConfigMap"), "data");
        assertThat(config).containsEntry("AESERVE_STORE_TYPE", "s3")
                .containsEntry("AESERVE_STORE_S3_BUCKET", "aeserve-models")
                .containsEntry("AESERVE_STORE_S3_PREFIX", "prod/")
                .containsEntry("AESERVE_STORE_S3_REGION", "eu-west-1")
                .containsEntry("AESERVE_STORE_S3_ENDPOINT", "http://minio.storage:9000")
                .containsEntry("AESERVE_STORE_S3_PATHSTYLEACCESS", "true")
                .containsEntry("SPRING_DATASOURCE_URL",
                        "jdbc:postgresql://pg.db.svc:5432/models?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fpg%2Fca.crt")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "ae")
                // what the single-pod shape sets stays
                .containsEntry("AESERVE_SECURITY_APIKEYSFILE", "/etc/aeserve/api-keys")
                .containsEntry("AESERVE_DEVICE", "auto")
                // no volume: the data directory is scratch in /tmp
                .containsEntry("AESERVE_DATA_DIR", "/tmp/data")
                .doesNotContainKeys("SPRING_DATASOURCE_PASSWORD", "AWS_ACCESS_KEY_ID");

        Map<String, Object> defaultPod = at(kind(render(), "Deployment"), "spec.template.spec");
        Map<String, Object> defaultContainer = at(defaultPod, "containers.0");
        for (var entry : Map.of("serve", serving, "train", trainer).entrySet()) {
            Map<String, Object> pod = at(entry.getValue(), "spec.template.spec");
            Map<String, Object> container = at(pod, "containers.0");
            assertThat(env(container)).as(entry.getKey())
                    .containsEntry("AESERVE_ROLE", entry.getKey())
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", "pg-auth/pg-password")
                    .containsEntry("AWS_ACCESS_KEY_ID", "s3-keys/access-key-id")
                    .containsEntry("AWS_SECRET_ACCESS_KEY", "s3-keys/secret-access-key");
            assertThat((Object) at(container, "envFrom.0.configMapRef.name")).isEqualTo("ae-aeserve");
            // the same probes, security contexts, service account and API keys as the single pod
            for (String path : List.of("startupProbe", "livenessProbe", "readinessProbe", "securityContext", "ports")) {
                assertThat((Object) at(container, path)).as(entry.getKey() + " " + path)
                        .isEqualTo(at(defaultContainer, path));
            }
            for (String path : List.of("securityContext", "serviceAccountName", "terminationGracePeriodSeconds")) {
                assertThat((Object) at(pod, path)).as(entry.getKey() + " " + path).isEqualTo(at(defaultPod, path));
            }
            // no volume but /tmp and the keys file
            assertThat((List<Map<String, Object>>) at(pod, "volumes")).extracting(volume -> volume.get("name"))
                    .containsExactly("tmp", "api-keys");
            assertThat((Object) at(pod, "volumes.0.emptyDir.sizeLimit")).isEqualTo("1Gi");
            assertThat((Object) at(pod, "volumes.1.secret.secretName")).isEqualTo("ae-aeserve-api-key");
            assertThat((List<Map<String, Object>>) at(container, "volumeMounts")).extracting(m -> m.get("mountPath"))
                    .containsExactly("/tmp", "/etc/aeserve");
            assertThat((Object) at(entry.getValue(), "spec.strategy")).isNull();
            assertThat((Map<String, Object>) at(entry.getValue(), "spec.template.metadata.labels"))
                    .containsEntry("app.kubernetes.io/component", entry.getKey());
        }
        assertThat((Object) at(serving, "spec.replicas")).isEqualTo(1);
        assertThat((Object) at(trainer, "spec.replicas")).isEqualTo(1);

        // the Service sends requests to serving pods only
        Map<String, Object> selector = at(kind(manifests, "Service"), "spec.selector");
        assertThat((Object) at(kind(manifests, "Service"), "metadata.name")).isEqualTo("ae-aeserve");
        assertThat(selector).isEqualTo(at(serving, "spec.selector.matchLabels"))
                .containsEntry("app.kubernetes.io/component", "serve");
        assertThat((Map<String, Object>) at(trainer, "spec.template.metadata.labels"))
                .isNotEqualTo(selector).doesNotContainEntry("app.kubernetes.io/component", "serve");
        assertThat((Map<String, Object>) at(serving, "spec.selector.matchLabels"))
                .isNotEqualTo(at(trainer, "spec.selector.matchLabels"));

        Map<String, Object> budget = kind(manifests, "PodDisruptionBudget");
        assertThat((Object) at(budget, "spec.maxUnavailable")).isEqualTo(1);
        assertThat((Object) at(budget, "spec.selector.matchLabels")).isEqualTo(selector);
    }

    @Test
    void servingPodsAutoscaleOnCpuAndTheBatcherQueueDepth() {
        List<Map<String, Object>> manifests = renderScaleOut("autoscaling.enabled", "true",
                "autoscaling.targetQueueDepth", "8", "autoscaling.maxReplicas", "10", "trainer.replicaCount", "2");
        Map<String, Object> hpa = kind(manifests, "HorizontalPodAutoscaler");
        assertThat((Object) at(hpa, "spec.scaleTargetRef.name")).isEqualTo("ae-aeserve-serve");
        assertThat((Object) at(hpa, "spec.maxReplicas")).isEqualTo(10);
        assertThat((Object) at(hpa, "spec.metrics.0.resource.name")).isEqualTo("cpu");
        assertThat((Object) at(hpa, "spec.metrics.0.resource.target.averageUtilization")).isEqualTo(75);
        assertThat((Object) at(hpa, "spec.metrics.1.type")).isEqualTo("Pods");
        assertThat((Object) at(hpa, "spec.metrics.1.pods.metric.name")).isEqualTo("aeserve_inference_queue_depth");
        assertThat((Object) at(hpa, "spec.metrics.1.pods.target.type")).isEqualTo("AverageValue");
        assertThat((Object) at(hpa, "spec.metrics.1.pods.target.averageValue")).isEqualTo("8");
        assertThat((Object) at(named(manifests, "Deployment", "ae-aeserve-serve"), "spec.replicas")).isNull();
        assertThat((Object) at(named(manifests, "Deployment", "ae-aeserve-train"), "spec.replicas")).isEqualTo(2);

        // the queue depth needs the custom metrics API: it can be left out, and CPU alone remains
        Map<String, Object> cpuOnly = kind(renderScaleOut("autoscaling.enabled", "true"), "HorizontalPodAutoscaler");
        assertThat((List<?>) at(cpuOnly, "spec.metrics")).hasSize(1);
        assertThat(kinds(renderScaleOut("podDisruptionBudget.enabled", "false"))).doesNotContain("PodDisruptionBudget");
    }

    @Test
    void trainersHaveTheirOwnGpuResourcesAndNodes() {
        List<Map<String, Object>> manifests = renderScaleOut("trainer.resources.limits.nvidia\\.com/gpu", "1",
                "trainer.nodeSelector.gpu-pool", "a100", "trainer.tolerations[0].key", "nvidia.com/gpu",
                "trainer.tolerations[0].operator", "Exists", "trainer.tolerations[0].effect", "NoSchedule",
                "trainer.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].key", "gpu-pool",
                "trainer.imageTag", "0.1.0-cuda", "nodeSelector.pool", "cpu");
        Map<String, Object> trainer = at(named(manifests, "Deployment", "ae-aeserve-train"), "spec.template.spec");
        assertThat((Map<String, Object>) at(trainer, "containers.0.resources.limits"))
                .containsEntry("nvidia.com/gpu", 1).containsEntry("memory", "4Gi").containsEntry("cpu", "2");
        assertThat((Object) at(trainer, "containers.0.image")).isEqualTo("aeserve:0.1.0-cuda");
        assertThat((Map<String, Object>) at(trainer, "nodeSelector")).containsExactly(Map.entry("gpu-pool", "a100"));
        assertThat((Object) at(trainer, "tolerations.0.key")).isEqualTo("nvidia.com/gpu");
        assertThat((Object) at(trainer, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms.0.matchExpressions.0.key")).isEqualTo("gpu-pool");

        Map<String, Object> serving = at(named(manifests, "Deployment", "ae-aeserve-serve"), "spec.template.spec");
        assertThat((Map<String, Object>) at(serving, "containers.0.resources.limits")).doesNotContainKey("nvidia.com/gpu");
        assertThat((Object) at(serving, "containers.0.image")).isEqualTo("aeserve:0.1.0");
        assertThat((Map<String, Object>) at(serving, "nodeSelector")).containsExactly(Map.entry("pool", "cpu"));
        assertThat((Object) at(serving, "tolerations")).isNull();
        assertThat((Object) at(serving, "affinity")).isNull();
    }

    @Test
    void withoutKeysTheBucketIsReachedThroughTheServiceAccountsRoleAndAPasswordValueGetsASecret() {
        List<Map<String, Object>> manifests = render("objectStore.bucket", "aeserve-models",
                "externalDatabase.host", "pg", "externalDatabase.password", "s3cret",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::123456789012:role/aeserve");
        assertThat((Map<String, Object>) at(kind(manifests, "ServiceAccount"), "metadata.annotations"))
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/aeserve");
        Map<String, Object> secret = named(manifests, "Secret", "ae-aeserve-database");
        assertThat(decode(at(secret, "data.password"))).isEqualTo("s3cret");
        Map<String, Object> config = at(kind(manifests, "ConfigMap"), "data");
        assertThat(config).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://pg:5432/aeserve")
                .containsEntry("AESERVE_STORE_S3_PATHSTYLEACCESS", "false")
                .doesNotContainKeys("AESERVE_STORE_S3_ENDPOINT", "AESERVE_STORE_S3_REGION", "AESERVE_STORE_S3_PREFIX");
        for (String name : List.of("ae-aeserve-serve", "ae-aeserve-train")) {
            Map<String, Object> deployment = named(manifests, "Deployment", name);
            Map<String, Object> container = at(deployment, "spec.template.spec.containers.0");
            assertThat(env(container)).as(name).containsEntry("SPRING_DATASOURCE_PASSWORD", "ae-aeserve-database/password")
                    .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
            assertThat((Object) at(deployment, "spec.template.spec.serviceAccountName")).isEqualTo("ae-aeserve");
            // a new password restarts the pods
            assertThat((Map<String, Object>) at(deployment, "spec.template.metadata.annotations"))
                    .containsKey("checksum/database");
        }
    }

    @Test
    void halfAScaleOutConfigurationIsRefused() {
        assertThatThrownBy(() -> render("objectStore.bucket", "aeserve-models"))
                .hasMessageContaining("objectStore.bucket is set but externalDatabase.host is not")
                .hasMessageContaining("needs both");
        assertThatThrownBy(() -> render("externalDatabase.host", "pg", "externalDatabase.password", "pw"))
                .hasMessageContaining("externalDatabase.host is set but objectStore.bucket is not")
                .hasMessageContaining("needs both");
        assertThatThrownBy(() -> render("objectStore.bucket", "b", "externalDatabase.host", "pg"))
                .hasMessageContaining("externalDatabase needs the database user's password");
        assertThatThrownBy(() -> renderScaleOut("gpu.enabled", "true"))
                .hasMessageContaining("trainer.resources.limits");
        assertThatThrownBy(() -> renderScaleOut("kserve.enabled", "true"))
                .hasMessageContaining("kserve.enabled does not go with the scale-out shape");
    }

    @Test
    void moreThanOnePodInTheSinglePodShapeNeedsAReadWriteManyVolume() {
        assertThatThrownBy(() -> render("replicaCount", "2"))
                .hasMessageContaining("replicaCount 2 asks for more than one pod")
                .hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> render("autoscaling.enabled", "true"))
                .hasMessageContaining("autoscaling.enabled asks for more than one pod");
        assertThatThrownBy(() -> render("replicaCount", "3", "persistence.enabled", "false"))
                .hasMessageContaining("an emptyDir in each pod");
        Map<String, Object> shared = kind(render("replicaCount", "3", "persistence.accessModes[0]", "ReadWriteMany"),
                "Deployment");
        assertThat((Object) at(shared, "spec.replicas")).isEqualTo(3);
        assertThat((Object) at(shared, "spec.strategy")).isNull();
        // the scale-out shape has no volume to share
        assertThat((Object) at(named(renderScaleOut("replicaCount", "3"), "Deployment", "ae-aeserve-serve"),
                "spec.replicas")).isEqualTo(3);
    }

    @Test
    void theServiceMonitorAlsoFindsTheTrainers() {
        List<Map<String, Object>> manifests = renderScaleOut("metrics.serviceMonitor.enabled", "true");
        Map<String, Object> trainers = named(manifests, "Service", "ae-aeserve-train");
        assertThat((Object) at(trainers, "spec.clusterIP")).isEqualTo("None");
        assertThat((Object) at(trainers, "spec.selector"))
                .isEqualTo(at(named(manifests, "Deployment", "ae-aeserve-train"), "spec.selector.matchLabels"));
        Map<String, Object> selector = at(kind(manifests, "ServiceMonitor"), "spec.selector.matchLabels");
        assertThat((Map<String, Object>) at(trainers, "metadata.labels")).containsAllEntriesOf(selector);
        assertThat((Map<String, Object>) at(named(manifests, "Service", "ae-aeserve"), "metadata.labels"))
                .containsAllEntriesOf(selector);
        assertThat(manifests.stream().filter(m -> "Service".equals(m.get("kind")))).hasSize(2);
        assertThat(kinds(renderScaleOut())).containsOnlyOnce("Service");
    }

    @Test
    void theNotesSayWhichShapeWasInstalled() {
        assertThat(notes()).contains("Shape: single-pod").contains("ae-aeserve-data");
        String scaleOut = notes(SCALE_OUT);
        assertThat(scaleOut).contains("Shape: scale-out").contains("aeserve-models").contains("pg.db.svc:5432/models")
                .contains("ae-aeserve-serve").contains("ae-aeserve-train");
    }

    /** The NOTES.txt of an install, rendered without a cluster. */
    static String notes(String... sets) {
        com.marcnuri.helm.InstallCommand install = new Helm(CHART).install().withName("ae").dryRun().clientOnly();
        for (int i = 0; i < sets.length; i += 2) {
            install.set(sets[i], sets[i + 1]);
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }
}
