package io.aeserve.views;

import io.aeserve.data.DatasetService;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.inference.InferenceService;
import io.aeserve.registry.ModelRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The views the dashboard draws, computed by the inference service on rows of the stored datasets. */
@Configuration(proxyBeanMethods = false)
class ViewConfiguration {

    @Bean
    ViewService viewService(ModelRegistry registry, DatasetService datasets, InferenceService inference,
            EngineRuntime runtime) {
        return new ViewService(registry, datasets, inference, runtime);
    }
}
