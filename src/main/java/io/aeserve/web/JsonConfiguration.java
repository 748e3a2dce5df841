package io.aeserve.web;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamWriteFeature;

/**
 * How every JSON body is written: floating-point numbers by Jackson's shortest-decimal writer (Schubfach), several
 * times faster than Java 17's {@code Float.toString}; rows of reconstructions and codes are most of what the
 * service writes. The values are the same: each number reads back to the float it was.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonFactoryBuilderCustomizer fastFloatWriting() {
        return builder -> builder.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    }
}
