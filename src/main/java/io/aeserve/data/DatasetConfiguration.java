package io.aeserve.data;

import io.aeserve.storage.DataDirectory;
import io.aeserve.storage.StorageQuota;
import io.aeserve.storage.StoredJson;
import io.aeserve.web.LimitsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Datasets under the data directory, and the built-in Fashion-MNIST. */
@Configuration(proxyBeanMethods = false)
class DatasetConfiguration {

    @Bean
    DatasetService datasetService(DataDirectory dataDirectory, DatasetProperties properties, LimitsProperties limits,
            StorageQuota quota, JsonMapper mapper) {
        return new DatasetService(
                new DatasetStore(dataDirectory.folder("datasets"), StoredJson.mapper(mapper), quota),
                new FashionMnist(properties.fashionMnistPath()),
                ReadLimits.of(limits.maxUploadSize().toBytes(), properties.maxSize().toBytes()),
                new DatasetCache(properties.cachedDatasets(), properties.cacheSize().toBytes()));
    }
}
