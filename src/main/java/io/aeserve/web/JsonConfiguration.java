package io.aeserve.web;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.module.SimpleModule;

/**
 * How every JSON body writes floating-point numbers: float arrays (rows of reconstructions and codes, most of what
 * the service writes) by {@link FloatArrayJson}, any other number by Jackson's shortest-decimal writer (Schubfach),
 * several times faster than Java 17's {@code Float.toString}. The text is the same either way, and each number reads
 * back to the float it was.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonFactoryBuilderCustomizer fastFloatWriting() {
        return builder -> builder.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    }

    @Bean
    JacksonModule floatArrays() {
        return new SimpleModule("aeserve-float-arrays").addSerializer(float[].class, new FloatArrayJson());
    }
}
