package io.aeserve.model.spec;

import io.aeserve.web.LimitsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The spec validator with the configured model size limit. */
@Configuration(proxyBeanMethods = false)
class SpecConfiguration {

    @Bean
    SpecValidator specValidator(LimitsProperties limits) {
        return new SpecValidator(limits.maxParameters());
    }
}
