package io.aeserve.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a token's scopes from the configured claim: a space-separated string ({@code "read infer"}, as in
 * {@code scope}) or a list ({@code scp}, roles), reached through nested claims by a dotted path. Values that are not
 * one of the service's scopes, after the configured prefix is stripped, grant nothing.
 */
final class TokenScopes implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final List<String> claimPaths;
    private final String prefix;

    TokenScopes(SecurityProperties.Jwt settings) {
        this.claimPaths = SecurityProperties.hasText(settings.scopesClaim())
                ? List.of(settings.scopesClaim()) : List.of("scope", "scp");
        this.prefix = settings.scopePrefix();
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        for (String path : claimPaths) {
            Object claim = find(jwt.getClaims(), path);
            if (claim != null) {
                return authorities(claim);
            }
        }
        return List.of();
    }

    private Collection<GrantedAuthority> authorities(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof String text) {
            values.addAll(List.of(text.trim().split("\\s+")));
        } else if (claim instanceof Collection<?> items) {
            items.forEach(item -> values.add(String.valueOf(item)));
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String value : values) {
            if (!value.startsWith(prefix)) {
                continue;
            }
            Scope scope = Scope.parse(value.substring(prefix.length()));
            if (scope != null) {
                authorities.add(new SimpleGrantedAuthority(scope.authority()));
            }
        }
        return authorities;
    }

    private static Object find(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
