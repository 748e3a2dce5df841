package io.aeserve.startup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedResource;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Decides whether the service starts from its application context prepared at build time (Spring's ahead-of-time
 * processing, {@code -Dspring.aot.enabled=true}, which the container image sets): the bean definitions, and the
 * conditions that chose them, worked out once when the jar was built and written as code, so that a start skips
 * parsing some 180 configuration classes. That preparation evaluated every condition with the default configuration,
 * so it is used only when this start's configuration leaves every setting that chooses components at its default:
 * nothing under {@code spring.*}, {@code management.*}, {@code springdoc.*} or {@code server.*} (except the port and
 * address), the file store and gRPC on. Otherwise the service starts the usual way, evaluating the conditions with
 * its own configuration, and says which setting made it. Settings that come with the jar count as defaults.
 *
 * <p>When the jar is built, the preparation itself fails if its environment sets such a setting, since the prepared
 * context would then hold components other than the defaults.
 */
final class PreparedContextChoice implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(PreparedContextChoice.class);

    /** Settings under these prefixes switch Boot's auto-configurations on and off. */
    static final List<ConfigurationPropertyName> CHOOSING_PREFIXES = names("spring", "management", "springdoc",
            "server");
    /** Settings under those prefixes that only give a value to components that exist either way. */
    private static final List<ConfigurationPropertyName> NOT_CHOOSING = names(AotDetector.AOT_ENABLED,
            AbstractAotProcessor.AOT_PROCESSING, "server.port", "server.address");
    /** Property sources that Spring Boot fills itself: the process's id and the application's version. */
    private static final Set<String> BOOT_SOURCES = Set.of("applicationInfo");
    /**
     * The service's own settings that choose components (its conditions on settings), with the values the prepared
     * context was built for: their defaults.
     */
    static final Map<ConfigurationPropertyName, String> SWITCHES = Map.of(
            ConfigurationPropertyName.of("aeserve.store.type"), "file",
            ConfigurationPropertyName.of("aeserve.grpc.enabled"), "true");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        boolean preparing = Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
        if (!preparing && !AotDetector.useGeneratedArtifacts()) {
            return;
        }
        Optional<String> setting = componentChoosingSetting(event.getEnvironment());
        if (setting.isEmpty()) {
            return;
        }
        if (preparing) {
            throw new IllegalStateException("The application context is prepared ahead of time for the default "
                    + "configuration, but this build's environment sets " + setting.get() + "; build without it");
        }
        SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
        log.info("Starting without the application context prepared at build time, which holds the components of the "
                + "default configuration: {} chooses components, so they are worked out now (the start takes longer)",
                setting.get());
    }

    /** The first setting of this environment, not from the jar, that chooses components, and where it comes from. */
    static Optional<String> componentChoosingSetting(ConfigurableEnvironment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || BOOT_SOURCES.contains(sourceName(source))) {
                continue;
            }
            Optional<String> found = iterable.stream()
                    .map(source::getConfigurationProperty)
                    .filter(property -> property != null && chooses(property) && !comesWithTheJar(property.getOrigin()))
                    .map(property -> property.getName() + " (from " + sourceName(source) + ")")
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String sourceName(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                ? propertySource.getName()
                : String.valueOf(source.getUnderlyingSource());
    }

    private static boolean chooses(ConfigurationProperty property) {
        ConfigurationPropertyName name = property.getName();
        String prepared = SWITCHES.get(name);
        if (prepared != null) {
            return !prepared.equalsIgnoreCase(String.valueOf(property.getValue()));
        }
        return CHOOSING_PREFIXES.stream().anyMatch(prefix -> prefix.isAncestorOf(name))
                && NOT_CHOOSING.stream().noneMatch(name::equals);
    }

    /** Whether a setting was read from a file on the class path: the jar's own configuration. */
    private static boolean comesWithTheJar(Origin origin) {
        Origin read = origin instanceof PropertySourceOrigin fromSource ? fromSource.getOrigin() : origin;
        if (!(read instanceof TextResourceOrigin text)) {
            return false;
        }
        Resource resource = text.getResource();
        return (resource instanceof OriginTrackedResource tracked ? tracked.getResource() : resource)
                instanceof ClassPathResource;
    }

    private static List<ConfigurationPropertyName> names(String... names) {
        return Stream.of(names).map(ConfigurationPropertyName::of).toList();
    }
}
