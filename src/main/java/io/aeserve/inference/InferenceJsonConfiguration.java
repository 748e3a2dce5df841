package io.aeserve.inference;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Puts the reader of inference rows ahead of the general JSON converter. */
@Configuration(proxyBeanMethods = false)
class InferenceJsonConfiguration implements WebMvcConfigurer {

    private final JsonMapper mapper;

    InferenceJsonConfiguration(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        converters.addCustomConverter(new RowsJsonConverter(new JacksonJsonHttpMessageConverter(mapper)));
    }
}
