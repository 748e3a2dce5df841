package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.TestPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database is there only when {@code spring.datasource.url} is set: Boot's own auto-configurations, which
 * would fail start-up without a URL, are left out otherwise.
 */
class JdbcRegistryConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class})
    @Import(JdbcRegistryConfiguration.class)
    static class Service {

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Service.class);

    @Test
    void withoutAUrlThereIsNoDatabase() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class)
                .doesNotHaveBean(Flyway.class).doesNotHaveBean(RegistryMetadata.class));
        // a chart's unset variable
        runner.withPropertyValues("spring.datasource.url=").run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(DataSource.class).doesNotHaveBean(RegistryMetadata.class));
    }

    @Test
    void withAUrlTheTablesAreMigratedAndTheRegistryKeepsItsMetadataThere() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        runner.withPropertyValues(database.properties()).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DataSource.class).hasSingleBean(Flyway.class);
            assertThat(context.getBean(JdbcTemplate.class).queryForList(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class))
                    .contains("models", "versions", "registry_state", "flyway_schema_history");
            RegistryMetadata metadata = context.getBean(RegistryMetadata.class);
            assertThat(metadata).isInstanceOf(JdbcRegistryMetadata.class);
            metadata.createModel(RegistryMetadataContract.record("m"));
            assertThat(RegistryMetadataContract.only(metadata.read()).record())
                    .isEqualTo(RegistryMetadataContract.record("m"));
        });
    }
}
