package io.aeserve.registry;

import io.aeserve.database.ConditionalOnDatabase;
import io.aeserve.storage.StoredJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's metadata in PostgreSQL when a database is configured, so any number of replicas share it. Boot
 * has migrated the tables by then: its JdbcTemplate beans wait for Flyway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDatabase
class JdbcRegistryConfiguration {

    @Bean
    RegistryMetadata registryMetadata(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
            JsonMapper mapper) {
        return new JdbcRegistryMetadata(jdbc, transactions, StoredJson.mapper(mapper));
    }
}
