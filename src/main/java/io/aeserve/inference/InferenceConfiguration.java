package io.aeserve.inference;

import io.aeserve.engine.EngineRuntime;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.web.LimitsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cache of loaded versions with their batchers, and the service that runs requests on them. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

    static {
        // in OpenAPI, rows are what clients send: arrays of numbers (nested for images), not the parsed form
        SpringDocUtils.getConfig().replaceWithClass(InputRows.class, float[][].class);
    }

    @Bean
    InferenceMetrics inferenceMetrics(MeterRegistry meters) {
        return new InferenceMetrics(meters);
    }

    @Bean(destroyMethod = "close")
    VersionCache versionCache(ModelRegistry registry, EngineRuntime runtime, InferenceProperties properties,
            InferenceMetrics metrics) {
        InferenceProperties.Batching batching = properties.batching();
        BatchAggregator.Workers workers = batching.workersOn(runtime);
        BatchAggregator.Factory batchers = batching.enabled()
                ? (model, version, loaded) -> new BatchAggregator(model + "-v" + version, loaded, batching, workers,
                        metrics.batchMeters(model))
                : null;
        return new VersionCache(registry, runtime, properties.cache(), batchers);
    }

    @Bean
    InfoContributor loadedVersionsInfoContributor(VersionCache cache) {
        return builder -> builder.withDetail("loadedVersions", cache.loaded().stream()
                .map(key -> key.model() + "/" + key.version()).toList());
    }

    @Bean
    InferenceService inferenceService(ModelRegistry registry, VersionCache cache, InferenceMetrics metrics,
            LimitsProperties limits) {
        return new InferenceService(registry, cache, metrics, limits.maxRows(),
                new RowsInFlight(limits.maxRowsInFlight()));
    }
}
