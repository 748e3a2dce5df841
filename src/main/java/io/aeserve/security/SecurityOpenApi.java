package io.aeserve.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The security schemes in the OpenAPI document, so Swagger UI's Authorize button takes a key or a token. */
@Configuration(proxyBeanMethods = false)
class SecurityOpenApi {

    static final String API_KEY = "apiKey";
    static final String BEARER = "bearer";

    @Bean
    OpenApiCustomizer securitySchemes() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(API_KEY, new SecurityScheme()
                            .type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER)
                            .name(ApiKeyOrBearerResolver.API_KEY_HEADER)
                            .description("An API key. Its scopes (read, infer, train, admin) decide what it may "
                                    + "call."))
                    .addSecuritySchemes(BEARER, new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("An API key, or an OAuth2 / OIDC access token whose scope claim holds "
                                    + "read, infer, train or admin."));
            openApi.addSecurityItem(new SecurityRequirement().addList(API_KEY));
            openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
        };
    }
}
