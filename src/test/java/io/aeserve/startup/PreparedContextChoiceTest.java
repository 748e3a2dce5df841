package io.aeserve.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.SpringProperties;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

class PreparedContextChoiceTest {

    @AfterEach
    void clearRequest() {
        System.clearProperty(AotDetector.AOT_ENABLED);
        System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
        SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
    }

    @Test
    void settingsThatOnlyGiveValuesKeepThePreparedContext() {
        StandardEnvironment environment = environment();
        add(environment, "commandLineArgs", Map.of("server.port", "9090", "aeserve.data-dir", "/data",
                "aeserve.grpc.port", "9091", "logging.level.root", "warn"));
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("SERVER_PORT", "8080", "AESERVE_SECURITY_MODE", "api-key", "PATH", "/usr/bin")));

        assertThat(PreparedContextChoice.componentChoosingSetting(environment)).isEmpty();
    }

    @Test
    void settingsFromTheEnvironmentChooseComponentsUnderTheirPropertyNames() {
        StandardEnvironment environment = environment();
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/aeserve")));
        assertThat(PreparedContextChoice.componentChoosingSetting(environment))
                .hasValue("spring.datasource.url (from systemEnvironment)");

        StandardEnvironment s3 = environment();
        s3.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("AESERVE_STORE_TYPE", "s3")));
        assertThat(PreparedContextChoice.componentChoosingSetting(s3))
                .hasValue("aeserve.store.type (from systemEnvironment)");
    }

    @Test
    void managementSpringdocAndServerSettingsChooseComponents() {
        for (String name : new String[] {"management.server.port", "springdoc.api-docs.enabled",
                "server.forward-headers-strategy"}) {
            StandardEnvironment environment = environment();
            add(environment, "commandLineArgs", Map.of(name, "x"));
            assertThat(PreparedContextChoice.componentChoosingSetting(environment)).as(name)
                    .hasValue(name + " (from commandLineArgs)");
        }
    }

    @Test
    void theServicesSwitchesChooseOnlyWhenTheyLeaveTheirDefault() {
        assertThat(chosenBy(Map.of("aeserve.store.type", "file", "aeserve.grpc.enabled", "TRUE"))).isEmpty();
        assertThat(chosenBy(Map.of("aeserve.store.type", "s3"))).hasValue("aeserve.store.type (from test)");
        assertThat(chosenBy(Map.of("aeserve.grpc.enabled", "false"))).hasValue("aeserve.grpc.enabled (from test)");
    }

    @Test
    void theJarsOwnConfigurationIsTheDefault() {
        StandardEnvironment environment = environment();
        ConfigDataEnvironmentPostProcessor.applyTo(environment);
        assertThat(environment.getProperty("spring.application.name")).as("the jar's configuration was read")
                .isEqualTo("aeserve");
        assertThat(PreparedContextChoice.componentChoosingSetting(environment)).isEmpty();

        StandardEnvironment mounted = environment();
        mounted.getPropertySources().addLast(configFile(new FileSystemResource("/app/config/application.yml")));
        assertThat(PreparedContextChoice.componentChoosingSetting(mounted)).get().asString()
                .startsWith("spring.threads.virtual.enabled (from ");
    }

    @Test
    void aStartAskedForThePreparedContextFallsBackWhenTheConfigurationChoosesComponents() {
        System.setProperty(AotDetector.AOT_ENABLED, "true");
        StandardEnvironment defaults = environment();
        prepared(defaults);
        assertThat(AotDetector.useGeneratedArtifacts()).isTrue();

        StandardEnvironment withDatabase = environment();
        add(withDatabase, "commandLineArgs", Map.of("spring.datasource.url", "jdbc:postgresql://db/aeserve"));
        prepared(withDatabase);
        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
    }

    @Test
    void aStartNotAskedForThePreparedContextIsLeftAlone() {
        StandardEnvironment withDatabase = environment();
        add(withDatabase, "commandLineArgs", Map.of("spring.datasource.url", "jdbc:postgresql://db/aeserve"));
        prepared(withDatabase);
        assertThat(SpringProperties.getProperty(AotDetector.AOT_ENABLED)).isNull();
    }

    @Test
    void preparingTheContextFailsWhenTheBuildsEnvironmentChoosesComponents() {
        System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
        prepared(environment());

        StandardEnvironment withDatabase = environment();
        add(withDatabase, "commandLineArgs", Map.of("spring.datasource.url", "jdbc:postgresql://db/aeserve"));
        assertThatIllegalStateException().isThrownBy(() -> prepared(withDatabase))
                .withMessageContaining("spring.datasource.url (from commandLineArgs)");
    }

    /**
     * Every condition on a setting in the service's own code is one the choice knows: the setting is under a prefix
     * that chooses components, or it is a switch whose prepared value is the default its conditions give it.
     */
    @Test
    void theChoiceKnowsEveryConditionOnASettingInTheServicesCode() throws Exception {
        Map<String, String> defaults = new TreeMap<>();
        var reader = new SimpleMetadataReaderFactory();
        var classes = new PathMatchingResourcePatternResolver().getResources("classpath*:io/aeserve/**/*.class");
        for (var resource : classes) {
            AnnotationMetadata type = reader.getMetadataReader(resource).getAnnotationMetadata();
            Stream.concat(Stream.of((AnnotatedTypeMetadata) type), type.getDeclaredMethods().stream())
                    .flatMap(annotated -> Stream.concat(
                            annotated.getAnnotations().stream(ConditionalOnProperty.class),
                            annotated.getAnnotations().stream(ConditionalOnBooleanProperty.class)))
                    .forEach(condition -> collect(condition, defaults));
        }
        assertThat(defaults).as("settings read by conditions").containsKeys("aeserve.store.type",
                "aeserve.grpc.enabled");
        defaults.forEach((name, prepared) -> {
            ConfigurationPropertyName setting = ConfigurationPropertyName.of(name);
            if (PreparedContextChoice.CHOOSING_PREFIXES.stream().noneMatch(prefix -> prefix.isAncestorOf(setting))) {
                assertThat(PreparedContextChoice.SWITCHES).as(name).containsEntry(setting, prepared);
            }
        });
    }

    /** The setting a condition reads, and the value that matches when it is missing ("" when none does). */
    private static void collect(MergedAnnotation<?> condition, Map<String, String> defaults) {
        String prefix = condition.getString("prefix");
        boolean onBoolean = condition.getType() == ConditionalOnBooleanProperty.class;
        String matching = onBoolean ? Boolean.toString(condition.getBoolean("havingValue"))
                : condition.getString("havingValue");
        Stream.concat(Stream.of(condition.getStringArray("name")), Stream.of(condition.getStringArray("value")))
                .map(name -> prefix.isEmpty() ? name : prefix + "." + name)
                .forEach(name -> {
                    if (condition.getBoolean("matchIfMissing")) {
                        defaults.put(name, matching.toLowerCase(Locale.ROOT));
                    } else {
                        defaults.putIfAbsent(name, "");
                    }
                });
    }

    private static Optional<String> chosenBy(Map<String, Object> settings) {
        StandardEnvironment environment = environment();
        add(environment, "test", settings);
        return PreparedContextChoice.componentChoosingSetting(environment);
    }

    /** An environment without this JVM's own system properties and variables, which the test does not control. */
    private static StandardEnvironment environment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        return environment;
    }

    private static void add(StandardEnvironment environment, String name, Map<String, Object> settings) {
        environment.getPropertySources().addLast(new MapPropertySource(name, settings));
    }

    private static OriginTrackedMapPropertySource configFile(Resource resource) {
        return new OriginTrackedMapPropertySource("Config resource '" + resource.getDescription() + "'",
                Map.of("spring.threads.virtual.enabled", OriginTrackedValue.of("true",
                        new TextResourceOrigin(resource, new TextResourceOrigin.Location(0, 0)))));
    }

    private static void prepared(StandardEnvironment environment) {
        new PreparedContextChoice().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
    }
}
