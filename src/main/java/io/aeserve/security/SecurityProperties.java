package io.aeserve.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API.
 *
 * @param mode {@code protected} (the default: credentials when any are configured, loopback clients only when
 *     none are) or {@code open} (no credentials asked of anyone)
 * @param apiKeys API keys, each a name, the SHA-256 of the key (never the key itself) and its scopes
 * @param apiKeysFile a file with more API keys, one a line: {@code name sha256-hex scope,scope}; blank lines and
 *     lines starting with {@code #} are skipped (for keys mounted from a Kubernetes Secret)
 * @param jwt OAuth2 / OIDC bearer tokens
 * @param cors cross-origin requests from browsers; off unless origins are listed
 */
@ConfigurationProperties("aeserve.security")
public record SecurityProperties(
        @DefaultValue("protected") SecurityMode mode,
        @DefaultValue List<ApiKey> apiKeys,
        Path apiKeysFile,
        @DefaultValue Jwt jwt,
        @DefaultValue Cors cors) {

    /**
     * @param name who holds the key, as the audit log names them
     * @param keySha256 the SHA-256 of the key, 64 hex digits ({@code printf %s "$KEY" | sha256sum})
     * @param scopes what the key may do: {@code read}, {@code infer}, {@code train}, {@code admin}
     */
    public record ApiKey(String name, String keySha256, List<String> scopes) {}

    /**
     * @param issuerUri the token issuer; its signing keys are found through OpenID discovery on first use, and
     *     the {@code iss} claim must match it
     * @param jwkSetUri where the signing keys are, when the issuer has no discovery document
     * @param audience when set, tokens must name it in {@code aud}
     * @param scopesClaim the claim holding the scopes: a space-separated string or a list; a dotted path reaches
     *     into nested claims ({@code realm_access.roles}); when empty, {@code scope} and then {@code scp}
     * @param scopePrefix stripped from each value of the claim before it is read as a scope (for example
     *     {@code aeserve:} so that {@code aeserve:infer} grants {@code infer}); values that are no scope are ignored
     * @param principalClaim the claim that names the caller in the audit log
     */
    public record Jwt(
            String issuerUri,
            String jwkSetUri,
            String audience,
            @DefaultValue("") String scopesClaim,
            @DefaultValue("") String scopePrefix,
            @DefaultValue("sub") String principalClaim) {

        boolean configured() {
            return hasText(issuerUri) || hasText(jwkSetUri);
        }
    }

    /** @param allowedOrigins origins browsers may call the API from ({@code https://app.example.com}) */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}

    static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
