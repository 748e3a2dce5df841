package io.aeserve.storage;

import io.aeserve.web.LimitsProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data directory and its health: readiness is DOWN while it cannot be written. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    DataDirectory dataDirectory(StorageProperties properties) {
        return new DataDirectory(properties.dataDir());
    }

    @Bean
    StorageQuota storageQuota(DataDirectory dataDirectory, LimitsProperties limits) {
        return new StorageQuota(dataDirectory, limits.maxStoredBytes().toBytes());
    }

    @Bean
    HealthIndicator dataDirectoryHealthIndicator(DataDirectory dataDirectory) {
        return () -> (dataDirectory.isWritable() ? Health.up() : Health.down())
                .withDetail("path", dataDirectory.root().toString())
                .build();
    }
}
