package io.aeserve.oip.grpc;

import io.aeserve.oip.OipInference;
import io.aeserve.security.CredentialCheck;
import io.aeserve.web.LimitsProperties;
import io.grpc.ServerInterceptors;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gRPC server of the Open Inference Protocol, unless {@code aeserve.grpc.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "aeserve.grpc.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class GrpcConfiguration {

    @Bean
    GrpcServer grpcServer(GrpcProperties properties, LimitsProperties limits, OipInference inference,
            CredentialCheck credentials, MeterRegistry meters) {
        // interceptors run last to first: every call is counted, refused ones too
        return new GrpcServer(properties.port(), (int) Math.min(Integer.MAX_VALUE, limits.maxRequestSize().toBytes()),
                ServerInterceptors.intercept(new InferenceGrpcService(inference),
                        new ApiKeyInterceptor(credentials), new CallMetrics(meters)));
    }
}
