package io.aeserve.database;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Boot's DataSource and Flyway auto-configurations out unless a database is configured
 * ({@link ConditionalOnDatabase}): with no URL and no embedded database on the class path, Boot's DataSource
 * would fail start-up. The JdbcTemplate, transaction manager, health and metrics auto-configurations need a
 * DataSource bean, so they back off with it. With a URL, Boot configures all of them as usual.
 *
 * <p>Excluding the two and importing them back from a conditional configuration does not work: Boot removes an
 * excluded auto-configuration from every import, {@code @ImportAutoConfiguration} included. Registered in
 * {@code META-INF/spring.factories}.
 */
class DatabaseAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final Set<String> NEED_A_DATABASE = Set.of(DataSourceAutoConfiguration.class.getName(),
            FlywayAutoConfiguration.class.getName());

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean configured = OnDatabaseCondition.isConfigured(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            // null: an earlier filter has left it out already
            matches[i] = configured || candidate == null || !NEED_A_DATABASE.contains(candidate);
        }
        return matches;
    }
}
