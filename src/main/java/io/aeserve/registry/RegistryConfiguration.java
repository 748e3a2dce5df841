package io.aeserve.registry;

import io.aeserve.database.ConditionalOnNoDatabase;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.StorageQuota;
import io.aeserve.storage.StoreProperties;
import io.aeserve.storage.StoredJson;
import io.aeserve.web.LimitsProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model registry: version files in the blob store, metadata beside them or in PostgreSQL, and its health (what
 * start-up could not read is listed there).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class RegistryConfiguration {

    @Bean
    VersionFiles versionFiles(BlobStore blobs, JsonMapper mapper) {
        return new VersionFiles(blobs, StoredJson.mapper(mapper));
    }

    /** Without a database, the metadata are files beside the versions. */
    @Bean
    @ConditionalOnNoDatabase
    RegistryMetadata fileRegistryMetadata(BlobStore blobs, VersionFiles files, JsonMapper mapper) {
        return new FileRegistryMetadata(blobs, files, StoredJson.mapper(mapper));
    }

    /** The registry asks the storage quota before it writes a version, trained or imported. */
    @Bean
    ModelRegistry modelRegistry(RegistryMetadata metadata, VersionFiles files, StorageQuota quota) {
        return new ModelRegistry(metadata, files, quota);
    }

    /** Looks for changes other replicas made, every {@code aeserve.store.refresh-interval}. */
    @Bean
    RegistryRefresh registryRefresh(ModelRegistry registry, StoreProperties store) {
        return new RegistryRefresh(registry, store.refreshInterval());
    }

    /** Specs are checked against the configured model size wherever they come from: create, import or train. */
    @Bean
    SpecValidator specValidator(LimitsProperties limits) {
        return new SpecValidator(limits.maxParameters());
    }

    /**
     * An archive may unpack to what an upload may hold plus the float32 weights of the largest model allowed, and
     * to no more than a quarter of the heap: its entries are held in memory while they are checked, and reading
     * them takes about twice their size at the peak.
     */
    @Bean
    ModelArchive modelArchive(EngineRuntime runtime, JsonMapper mapper, LimitsProperties limits,
            SpecValidator specValidator) {
        long weights = Math.multiplyExact(Float.BYTES, limits.maxParameters());
        long configured = Math.addExact(limits.maxUploadSize().toBytes(), weights);
        return new ModelArchive(runtime, StoredJson.mapper(mapper),
                Math.min(configured, Runtime.getRuntime().maxMemory() / 4), specValidator);
    }

    @Bean
    VersionImport versionImport(ModelRegistry registry, ModelArchive archive) {
        return new VersionImport(registry, archive);
    }

    @Bean
    HealthIndicator modelStoreHealthIndicator(ModelRegistry registry, BlobStore blobs, RegistryMetadata metadata) {
        return () -> Health.up()
                .withDetail("location", blobs.location())
                .withDetail("metadata", metadata instanceof FileRegistryMetadata ? "files" : "database")
                .withDetail("models", registry.list().size())
                .withDetail("skipped", registry.problems())
                .build();
    }
}
