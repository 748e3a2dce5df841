package io.aeserve.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.aeserve.model.block.ConvolutionTraining;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the engine at start-up and reports it in health and info. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    EngineRuntime engineRuntime(EngineProperties properties) {
        return new EngineRuntime(properties);
    }

    /** UP while the engine computes: a tiny sum on the device, checked at every probe. */
    @Bean
    HealthIndicator engineHealthIndicator(EngineRuntime runtime) {
        return () -> {
            boolean computes;
            try (NDManager manager = runtime.newManager()) {
                computes = manager.ones(new Shape(2, 2)).sum().getFloat() == 4f;
            } catch (RuntimeException e) {
                computes = false;
            }
            return (computes ? Health.up() : Health.down())
                    .withDetail("engine", runtime.engine().getEngineName())
                    .withDetail("device", runtime.device().toString())
                    .build();
        };
    }

    @Bean
    InfoContributor engineInfoContributor(EngineRuntime runtime) {
        return builder -> {
            Map<String, Object> engine = new LinkedHashMap<>();
            engine.put("name", runtime.engine().getEngineName());
            engine.put("version", runtime.engine().getVersion());
            engine.put("device", runtime.device().toString());
            engine.put("gpuCount", runtime.gpuCount());
            engine.put("intraOpThreads", runtime.intraOpThreads());
            engine.put("exactConvolutionTraining", ConvolutionTraining.exactGradients());
            engine.put("interOpThreads", runtime.interOpThreads());
            builder.withDetail("engine", engine);
        };
    }
}
