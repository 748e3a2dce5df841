package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The access rules for transports outside Spring Security are the HTTP API's. */
class CredentialCheckTest {

    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 50000);
    static final InetSocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 50000);
    static final String KEY = "infer-key-0123456789";
    static final String KEY_SHA = "fa167b7eb40b632aad10cf7e8b6d3c900a2019c90864acc051efd837f52462e2";

    @Test
    void protectedModeWithoutCredentialsTrustsOnlyThisMachine() {
        CredentialCheck check = check(SecurityMode.PROTECTED, List.of());
        assertThat(check.trustedScopes(LOCAL)).contains(EnumSet.allOf(Scope.class));
        assertThat(check.trustedScopes(REMOTE)).isEmpty();
        assertThat(check.trustedScopes(null)).isEmpty();
    }

    @Test
    void withKeysEvenThisMachineNeedsOneWithItsScopes() {
        CredentialCheck check = check(SecurityMode.PROTECTED,
                List.of(new SecurityProperties.ApiKey("scorer", KEY_SHA, List.of("infer", "read"))));
        assertThat(check.trustedScopes(LOCAL)).isEmpty();
        assertThat(check.scopesOf(KEY)).contains(Set.of(Scope.INFER, Scope.READ));
        assertThat(check.scopesOf("another-key")).isEmpty();
        assertThat(check.scopesOf("")).isEmpty();
    }

    @Test
    void openModeTrustsEveryone() {
        assertThat(check(SecurityMode.OPEN, List.of()).trustedScopes(REMOTE)).contains(EnumSet.allOf(Scope.class));
    }

    private static CredentialCheck check(SecurityMode mode, List<SecurityProperties.ApiKey> keys) {
        SecurityProperties properties = new SecurityProperties(mode, keys, null,
                new SecurityProperties.Jwt(null, null, null, "", "", "sub"), new SecurityProperties.Cors(List.of()));
        BearerCredentials credentials = new BearerCredentials(ApiKeys.from(properties), properties.jwt());
        return new CredentialCheck(credentials, new TrustedCallers(mode, credentials.configured()));
    }
}
