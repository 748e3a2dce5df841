package io.aeserve.oip;

import io.aeserve.inference.InferenceService;
import io.aeserve.registry.ModelRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The Open Inference Protocol: its transport-free service, shared by the REST and gRPC surfaces, and its codec. */
@Configuration(proxyBeanMethods = false)
class OipConfiguration {

    @Bean
    OipInference oipInference(ModelRegistry registry, InferenceService inference, ApplicationAvailability availability,
            ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OipInference(registry, inference, availability, properties != null ? properties.getVersion() : "dev");
    }

    @Bean
    OipRestCodec oipRestCodec(JsonMapper mapper) {
        return new OipRestCodec(mapper);
    }
}
