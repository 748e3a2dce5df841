package io.aeserve.storage;

import io.aeserve.web.LimitsProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data directory, the blob store in it (unless another is configured), the quota and their health. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    DataDirectory dataDirectory(StorageProperties properties) {
        return new DataDirectory(properties.dataDir());
    }

    /** Models, versions and datasets in the data directory: {@code aeserve.store.type=file}, the default. */
    @Bean
    @ConditionalOnProperty(name = "aeserve.store.type", havingValue = "file", matchIfMissing = true)
    BlobStore folderBlobStore(DataDirectory dataDirectory) {
        return new FolderBlobStore(dataDirectory.root());
    }

    @Bean
    StorageQuota storageQuota(BlobStore store, LimitsProperties limits) {
        return new StorageQuota(store, limits.maxStoredBytes().toBytes());
    }

    @Bean
    HealthIndicator dataDirectoryHealthIndicator(DataDirectory dataDirectory) {
        return () -> (dataDirectory.isWritable() ? Health.up() : Health.down())
                .withDetail("path", dataDirectory.root().toString())
                .build();
    }
}
