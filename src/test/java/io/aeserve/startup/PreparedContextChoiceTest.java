package io.aeserve.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

class PreparedContextChoiceTest {

    @AfterEach
    void clearRequest() {
        System.clearProperty(AotDetector.AOT_ENABLED);
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
    void springSettingsFromTheEnvironmentChooseComponents() {
        StandardEnvironment environment = environment();
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/aeserve")));

        assertThat(PreparedContextChoice.componentChoosingSetting(environment))
                .hasValue("spring.datasource.url (from systemEnvironment)");
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
        environment.getPropertySources().addLast(configFile(new ClassPathResource("application.yml")));
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
        assertThat(System.getProperty(AotDetector.AOT_ENABLED)).isNull();
    }

    private static java.util.Optional<String> chosenBy(Map<String, Object> settings) {
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

    private static OriginTrackedMapPropertySource configFile(org.springframework.core.io.Resource resource) {
        return new OriginTrackedMapPropertySource("Config resource '" + resource.getDescription() + "'",
                Map.of("spring.threads.virtual.enabled", OriginTrackedValue.of("true",
                        new TextResourceOrigin(resource, new TextResourceOrigin.Location(0, 0)))));
    }

    private static void prepared(StandardEnvironment environment) {
        new PreparedContextChoice().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
    }
}
