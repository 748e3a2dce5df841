package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class ApiKeysTest {

    private static final String SHA_OF_SECRET = ApiKeyAccessTest.sha256("secret");

    @Test
    void findsAKeyByItsHashOnlyAndReadsTheKeysFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("keys");
        Files.writeString(file, "# comment\n  \nbatch " + ApiKeyAccessTest.sha256("other") + " train,read\n");
        ApiKeys keys = ApiKeys.from(properties(List.of(new SecurityProperties.ApiKey("ci", SHA_OF_SECRET,
                List.of("infer", " READ "))), file));
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.find("secret").name()).isEqualTo("ci");
        assertThat(keys.find("secret").scopes()).containsExactlyInAnyOrder(Scope.INFER, Scope.READ);
        assertThat(keys.find("other").scopes()).containsExactlyInAnyOrder(Scope.TRAIN, Scope.READ);
        assertThat(keys.find(SHA_OF_SECRET)).as("the hash itself is no key").isNull();
        assertThat(keys.find("secre")).isNull();
    }

    @Test
    void malformedEntriesStopStartUpSayingWhatIsWrong(@TempDir Path folder) throws Exception {
        assertThatThrownBy(() -> keys("ci", "secret", "read")).hasMessageContaining("aeserve.security.api-keys[0]")
                .hasMessageContaining("64 hex digits").hasMessageContaining("never the key itself");
        assertThatThrownBy(() -> keys("ci", SHA_OF_SECRET, "write")).hasMessageContaining("unknown scope 'write'")
                .hasMessageContaining("read, infer, train, admin");
        assertThatThrownBy(() -> keys("", SHA_OF_SECRET, "read")).hasMessageContaining("needs a name");
        Path file = folder.resolve("keys");
        Files.writeString(file, "ci " + SHA_OF_SECRET + "\n");
        assertThatThrownBy(() -> ApiKeys.from(properties(List.of(), file))).hasMessageContaining("line 1");
    }

    @Test
    void tokenScopesComeFromTheConfiguredClaimWithItsPrefix() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256")
                .claim("scope", "read openid")
                .claim("realm_access", Map.of("roles", List.of("aeserve:admin", "aeserve:infer", "offline", "admin")))
                .build();
        assertThat(names(new TokenScopes(jwt("", "")).convert(jwt))).containsExactly("SCOPE_read");
        assertThat(names(new TokenScopes(jwt("realm_access.roles", "aeserve:")).convert(jwt)))
                .containsExactly("SCOPE_admin", "SCOPE_infer");
        assertThat(new TokenScopes(jwt("missing.claim", "")).convert(jwt)).isEmpty();
    }

    private static List<String> names(java.util.Collection<GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }

    private static SecurityProperties.Jwt jwt(String claim, String prefix) {
        return new SecurityProperties.Jwt("https://issuer", null, null, claim, prefix, "sub");
    }

    private static ApiKeys keys(String name, String sha, String scope) {
        return ApiKeys.from(properties(List.of(new SecurityProperties.ApiKey(name, sha, List.of(scope))), null));
    }

    private static SecurityProperties properties(List<SecurityProperties.ApiKey> keys, Path file) {
        return new SecurityProperties(SecurityMode.PROTECTED, keys, file,
                new SecurityProperties.Jwt(null, null, null, "", "", "sub"), new SecurityProperties.Cors(List.of()));
    }
}
