package io.aeserve.security;

import io.aeserve.web.ProblemResponses;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what: API keys and OAuth2 bearer tokens carry scopes, every API route needs one (see
 * {@link ApiRoutes}), the probes and Prometheus stay open, and with no credentials configured only this machine's
 * clients reach the API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private static final String[] OPEN_ENDPOINTS = {
        "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
        "/v2/health/live", "/v2/health/ready"
    };

    @Bean
    ApiKeys apiKeys(SecurityProperties properties) {
        return ApiKeys.from(properties);
    }

    @Bean
    BearerCredentials bearerCredentials(ApiKeys keys, SecurityProperties properties) {
        return new BearerCredentials(keys, properties.jwt());
    }

    @Bean
    TrustedCallers trustedCallers(SecurityProperties properties, BearerCredentials bearerCredentials) {
        return new TrustedCallers(properties.mode(), bearerCredentials.configured());
    }

    /** The strict firewall Spring Security uses by default, with faster character checks for headers. */
    @Bean
    HttpFirewall httpFirewall() {
        return StrictFirewall.create();
    }

    /** What the firewall refuses before a controller runs gets a problem body saying what was refused. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper mapper) {
        ProblemResponses problems = new ProblemResponses(mapper);
        return (request, response, e) -> {
            if (!response.isCommitted()) {
                problems.write(response, request, ProblemResponses.rejected(e));
            }
        };
    }

    /**
     * No observation of the security filters themselves: one per filter and authorization on every request costs
     * more than the checks, and the HTTP request metrics already time the whole request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, ApiKeys keys,
            BearerCredentials bearerCredentials, TrustedCallers trusted, JsonMapper mapper) throws Exception {
        boolean tokens = properties.jwt().configured();
        boolean credentials = bearerCredentials.configured();
        AuditLog audit = new AuditLog();
        SecurityProblems problems = new SecurityProblems(mapper, credentials, audit);

        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(rules -> {
                    rules.requestMatchers(OPEN_ENDPOINTS).permitAll();
                    rules.requestMatchers("/actuator/**").hasAuthority(Scope.ADMIN.authority());
                    for (ApiRoutes.Route route : ApiRoutes.ALL) {
                        rules.requestMatchers(route.method(), route.pattern()).hasAuthority(route.scope().authority());
                    }
                    rules.requestMatchers("/api/**", "/v2/**").authenticated();
                    // Swagger UI, the OpenAPI document and error pages
                    rules.anyRequest().permitAll();
                })
                .addFilterAfter(audit, AuthorizationFilter.class);
        List<String> origins = properties.cors().allowedOrigins();
        if (origins.isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(cors -> cors.configurationSource(corsSource(origins)));
        }

        if (properties.mode() == SecurityMode.OPEN) {
            log.warn("aeserve.security.mode=open: every client gets every scope without credentials{}. Use it only "
                    + "on a network you trust.", credentials ? "; the configured keys and issuer are ignored" : "");
        } else if (credentials) {
            AuthenticationManager manager = bearerCredentials.manager();
            http.oauth2ResourceServer(server -> server
                    .bearerTokenResolver(new ApiKeyOrBearerResolver())
                    .authenticationManagerResolver(request -> manager)
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
            log.info("API access needs credentials: {} API key(s){}", keys.size(),
                    tokens ? " and bearer tokens from the configured issuer" : "");
        } else {
            log.warn("No API keys and no token issuer configured: the API answers only clients on this machine. {}",
                    SecurityProblems.HOW_TO_CONFIGURE);
        }
        if (trusted.trustsAnyone()) {
            http.addFilterBefore(trusted.filter(), AnonymousAuthenticationFilter.class);
        }
        return http.build();
    }

    @Bean
    InfoContributor securityInfoContributor(SecurityProperties properties, ApiKeys keys,
            BearerCredentials credentials) {
        return builder -> builder.withDetail("security", SecurityInfo.of(properties, keys, credentials));
    }

    private static UrlBasedCorsConfigurationSource corsSource(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", ApiKeyOrBearerResolver.API_KEY_HEADER, "Content-Type",
                "Accept", "X-Row-Shape"));
        cors.setExposedHeaders(List.of("Location", "Retry-After", "X-Row-Shape"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }
}
