package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
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

    private static final RSAKey SIGNING = newKey("trusted");
    private static final RSAKey STRANGER = newKey("stranger");
    private static final HttpServer JWKS = publish(SIGNING);

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("aeserve.security.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stop() {
        JWKS.stop(0);
    }

    @Test
    void theTokensScopesDecideWhatItMayDo(CapturedOutput output) {
        HttpJson reader = bearer(token(SIGNING, ISSUER, "aeserve", "read infer", 300));
        assertThat(reader.get("/api/v1/models").status()).isEqualTo(200);
        HttpJson.Reply delete = reader.delete("/api/v1/models/anything");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.json().get("detail").asString()).contains("'alice'").contains("'admin'");

        HttpJson admin = bearer(token(SIGNING, ISSUER, "aeserve", List.of("admin"), 300));
        assertThat(admin.delete("/api/v1/models/anything").status()).as("reaches the controller").isEqualTo(404);
        assertThat(output).contains("subject=alice action=delete-model model=anything version=- status=404");
    }

    @Test
    void badTokensGet401() {
        assertThat(bearer(token(STRANGER, ISSUER, "aeserve", "read", 300)).get("/api/v1/models").status())
                .as("signed by another key").isEqualTo(401);
        assertThat(bearer(token(SIGNING, "https://other.example.test", "aeserve", "read", 300))
                .get("/api/v1/models").status()).as("another issuer").isEqualTo(401);
        assertThat(bearer(token(SIGNING, ISSUER, "someone-else", "read", 300)).get("/api/v1/models").status())
                .as("another audience").isEqualTo(401);
        HttpJson.Reply expired = bearer(token(SIGNING, ISSUER, "aeserve", "read", -600)).get("/api/v1/models");
        assertThat(expired.status()).as("expired").isEqualTo(401);
        assertThat(expired.contentType()).startsWith("application/problem+json");
        assertThat(http.withHeader("Authorization", "Bearer not.a.token").get("/api/v1/models").status())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/models").status()).as("no token from loopback").isEqualTo(401);
    }

    @Test
    void aTokenWithoutServiceScopesMayDoNothing() {
        HttpJson.Reply reply = bearer(token(SIGNING, ISSUER, "aeserve", "openid profile", 300)).get("/api/v1/models");
        assertThat(reply.status()).isEqualTo(403);
    }

    private HttpJson bearer(String token) {
        return http.withHeader("Authorization", "Bearer " + token);
    }

    private static String token(RSAKey key, String issuer, String audience, Object scope, long validSeconds) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer(issuer)
                .audience(audience)
                .claim(scope instanceof List ? "scp" : "scope", scope)
                .issueTime(Date.from(now.minusSeconds(700)))
                .notBeforeTime(Date.from(now.minusSeconds(700)))
                .expirationTime(Date.from(now.plusSeconds(validSeconds)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer publish(RSAKey key) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
