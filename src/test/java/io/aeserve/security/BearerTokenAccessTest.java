package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.TestTokens;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OAuth2 bearer tokens end to end, against a JWK set this test publishes on loopback: signature, issuer, audience
 * and expiry are checked, and the scopes come from the token.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "aeserve.security.jwt.issuer-uri=" + BearerTokenAccessTest.ISSUER,
    "aeserve.security.jwt.audience=aeserve"
})
class BearerTokenAccessTest extends ServiceTest {

    static final String ISSUER = "https://login.example.test/realms/ml";

    private static final RSAKey SIGNING = TestTokens.newKey("trusted");
    private static final RSAKey STRANGER = TestTokens.newKey("stranger");
    private static final HttpServer JWKS = TestTokens.publish(SIGNING);

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("aeserve.security.jwt.jwk-set-uri", () -> TestTokens.jwkSetUri(JWKS));
    }

    @AfterAll
    static void stop() {
        JWKS.stop(0);
    }

    @Test
    void theTokensScopesDecideWhatItMayDo(CapturedOutput output) {
        HttpJson reader = bearer(TestTokens.token(SIGNING, ISSUER, "aeserve", "read infer", 300));
        assertThat(reader.get("/api/v1/models").status()).isEqualTo(200);
        HttpJson.Reply delete = reader.delete("/api/v1/models/anything");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.json().get("detail").asString()).contains("'alice'").contains("'admin'");

        HttpJson admin = bearer(TestTokens.token(SIGNING, ISSUER, "aeserve", List.of("admin"), 300));
        assertThat(admin.delete("/api/v1/models/anything").status()).as("reaches the controller").isEqualTo(404);
        assertThat(output).contains("subject=alice action=delete-model model=anything version=- status=404");
    }

    @Test
    void badTokensGet401() {
        assertThat(bearer(TestTokens.token(STRANGER, ISSUER, "aeserve", "read", 300)).get("/api/v1/models")
                .status())
                .as("signed by another key").isEqualTo(401);
        assertThat(bearer(TestTokens.token(SIGNING, "https://other.example.test", "aeserve", "read", 300))
                .get("/api/v1/models").status()).as("another issuer").isEqualTo(401);
        assertThat(bearer(TestTokens.token(SIGNING, ISSUER, "someone-else", "read", 300))
                .get("/api/v1/models").status())
                .as("another audience").isEqualTo(401);
        HttpJson.Reply expired = bearer(TestTokens.token(SIGNING, ISSUER, "aeserve", "read", -600))
                .get("/api/v1/models");
        assertThat(expired.status()).as("expired").isEqualTo(401);
        assertThat(expired.contentType()).startsWith("application/problem+json");
        assertThat(http.withHeader("Authorization", "Bearer not.a.token").get("/api/v1/models").status())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/models").status()).as("no token from loopback").isEqualTo(401);
    }

    @Test
    void aTokenWithoutServiceScopesMayDoNothing() {
        HttpJson.Reply reply = bearer(TestTokens.token(SIGNING, ISSUER, "aeserve", "openid profile", 300))
                .get("/api/v1/models");
        assertThat(reply.status()).isEqualTo(403);
    }

    private HttpJson bearer(String token) {
        return http.withHeader("Authorization", "Bearer " + token);
    }
}
