package io.aeserve.training;

import io.aeserve.data.DatasetService;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.web.LimitsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The training loop and the job service that runs it. */
@Configuration(proxyBeanMethods = false)
class TrainingConfiguration {

    @Bean
    TrainingLoop trainingLoop(EngineRuntime runtime) {
        return new TrainingLoop(runtime);
    }

    @Bean
    TrainingJobService trainingJobService(ModelRegistry registry, DatasetService datasets, TrainingLoop loop,
            TrainingProperties properties, SpecValidator specValidator, LimitsProperties limits,
            MeterRegistry meters) {
        return new TrainingJobService(registry, datasets, loop, properties, specValidator, limits, meters);
    }
}
