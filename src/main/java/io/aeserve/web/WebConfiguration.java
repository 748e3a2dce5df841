package io.aeserve.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** What every controller shares: the request size limit, the server's socket buffers and the OpenAPI description. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    static final String API_DESCRIPTION = """
            Define, train, version and serve autoencoders over HTTP: dense, sparse, contractive, denoising, \
            convolutional and variational models for anomaly detection, denoising, compression and embeddings.

            Every error is an RFC 7807 problem (`application/problem+json`) with `title`, `status`, `detail` and, \
            for validation errors, an `errors` list naming each bad field.

            Authentication: send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`, or an OAuth2 \
            bearer token. Each call needs one scope: `read` (list and get), `infer` (encode, decode, reconstruct, \
            denoise, anomaly-score, generate), `train` (create models, upload datasets, train, cancel) or `admin` \
            (delete, promote, import, export, tags). A missing or refused credential is answered with 401, a \
            missing scope with 403. With no keys configured, only clients on the service's own machine are \
            served. Limits answer 413 (too large), 429 (too much at once, with `Retry-After`) and 507 (storage \
            quota full).""";

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(LimitsProperties limits, JsonMapper mapper) {
        var registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(limits.maxRequestSize().toBytes(),
                        limits.maxUploadSize().toBytes(), new ProblemResponses(mapper)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*", ProblemResponses.OPEN_INFERENCE_PROTOCOL + "/*");
        return registration;
    }

    /** Large bodies move in fewer, larger system calls than with Tomcat's 8 KB buffers. */
    @Bean
    TomcatConnectorCustomizer socketBufferSizes(HttpProperties http) {
        String bytes = Long.toString(http.socketBuffer().toBytes());
        return connector -> {
            connector.setProperty("socket.appReadBufSize", bytes);
            connector.setProperty("socket.appWriteBufSize", bytes);
        };
    }

    @Bean
    OpenAPI aeserveOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties != null ? properties.getVersion() : "dev";
        return new OpenAPI().info(new Info()
                .title("aeserve")
                .version(version)
                .description(API_DESCRIPTION)
                .license(new License().name("Apache-2.0")));
    }
}
