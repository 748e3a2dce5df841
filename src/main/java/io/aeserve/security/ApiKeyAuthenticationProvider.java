package io.aeserve.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer credential that is one of the configured API keys. A credential that is no key is passed
 * on to the token provider when the service takes tokens and it looks like a JWT, and refused otherwise.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;
    private final boolean tokensAccepted;

    ApiKeyAuthenticationProvider(ApiKeys keys, boolean tokensAccepted) {
        this.keys = keys;
        this.tokensAccepted = tokensAccepted;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String credential = ((BearerTokenAuthenticationToken) authentication).getToken();
        ApiKeys.Holder holder = keys.find(credential);
        if (holder != null) {
            return UsernamePasswordAuthenticationToken.authenticated(holder.name(), null,
                    holder.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority())).toList());
        }
        if (tokensAccepted && looksLikeJwt(credential)) {
            return null;
        }
        throw new BadCredentialsException(tokensAccepted
                ? "The credential is neither a known API key nor a valid token"
                : "The credential is not a known API key");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static boolean looksLikeJwt(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2;
    }
}
