package io.aeserve.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the reader of binary bodies ahead of Spring's own. */
@Configuration(proxyBeanMethods = false)
class BodyConversionConfiguration implements WebMvcConfigurer {

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        converters.addCustomConverter(new ByteArrayBodyConverter());
    }
}
