package io.aeserve.training;

import io.aeserve.data.DatasetService;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.web.LimitsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The training loop, the job service that runs it, and the event streams that follow its jobs. */
@Configuration(proxyBeanMethods = false)
class TrainingConfiguration {

    /** How long one event stream may stay open. */
    private static final Duration EVENT_STREAM_TIMEOUT = Duration.ofHours(6);

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

    @Bean
    JobEventStreams jobEventStreams(TrainingJobService jobs, LimitsProperties limits) {
        return new JobEventStreams(jobs, limits.maxSubscribersPerJob(), EVENT_STREAM_TIMEOUT.toMillis());
    }
}
