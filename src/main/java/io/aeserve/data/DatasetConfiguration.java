package io.aeserve.data;

import io.aeserve.storage.BlobStore;
import io.aeserve.storage.StorageQuota;
import io.aeserve.storage.StoredJson;
import io.aeserve.web.LimitsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Datasets in the blob store, and the built-in Fashion-MNIST. */
@Configuration(proxyBeanMethods = false)
class DatasetConfiguration {

    @Bean
    DatasetService datasetService(BlobStore blobs, DatasetProperties properties, LimitsProperties limits,
            StorageQuota quota, JsonMapper mapper) {
        return new DatasetService(new DatasetStore(blobs, StoredJson.mapper(mapper), quota),
                new FashionMnist(properties.fashionMnistPath()),
                ReadLimits.of(limits.maxUploadSize().toBytes(), properties.maxSize().toBytes()),
                new DatasetCache(properties.cachedDatasets(), properties.cacheSize().toBytes()));
    }
}
