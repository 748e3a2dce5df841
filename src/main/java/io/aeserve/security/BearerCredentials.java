package io.aeserve.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * What a bearer credential is worth: a configured API key, or a JWT from the configured issuer. The HTTP filter
 * chain and the gRPC server ask the same authentication manager, so a key or token grants the same scopes on both.
 */
final class BearerCredentials {

    private final AuthenticationManager manager;
    private final boolean configured;

    BearerCredentials(ApiKeys keys, SecurityProperties.Jwt jwt) {
        this.configured = !keys.isEmpty() || jwt.configured();
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiKeyAuthenticationProvider(keys, jwt.configured()));
        if (jwt.configured()) {
            JwtDecoder decoder = TokenDecoders.of(jwt);
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            converter.setJwtGrantedAuthoritiesConverter(new TokenScopes(jwt));
            converter.setPrincipalClaimName(jwt.principalClaim());
            JwtAuthenticationProvider tokenProvider = new JwtAuthenticationProvider(decoder);
            tokenProvider.setJwtAuthenticationConverter(converter);
            providers.add(tokenProvider);
        }
        this.manager = new ProviderManager(providers);
    }

    /** Whether any API key or token issuer is configured, so that credentials can be checked at all. */
    boolean configured() {
        return configured;
    }

    AuthenticationManager manager() {
        return manager;
    }

    /** The scopes {@code credential} grants; empty when it is neither a known key nor a valid token. */
    Optional<Set<Scope>> scopesOf(String credential) {
        try {
            Authentication caller = manager.authenticate(new BearerTokenAuthenticationToken(credential));
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (GrantedAuthority authority : caller.getAuthorities()) {
                for (Scope scope : Scope.values()) {
                    if (scope.authority().equals(authority.getAuthority())) {
                        scopes.add(scope);
                    }
                }
            }
            return Optional.of(scopes);
        } catch (AuthenticationException refused) {
            return Optional.empty();
        }
    }
}
