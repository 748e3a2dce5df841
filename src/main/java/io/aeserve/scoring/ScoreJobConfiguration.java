package io.aeserve.scoring;

import io.aeserve.data.DatasetService;
import io.aeserve.inference.InferenceService;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.StorageQuota;
import io.aeserve.storage.StoredJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Jobs that score whole datasets, and the store of their results. */
@Configuration(proxyBeanMethods = false)
class ScoreJobConfiguration {

    @Bean(destroyMethod = "close")
    ScoreJobService scoreJobService(InferenceService inference, DatasetService datasets, BlobStore blobs,
            StorageQuota quota, JsonMapper mapper, ScoreJobProperties properties) {
        return new ScoreJobService(inference, datasets, new ScoreResults(blobs, StoredJson.mapper(mapper)), quota,
                properties);
    }
}
