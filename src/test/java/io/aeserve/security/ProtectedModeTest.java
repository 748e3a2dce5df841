package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import io.aeserve.support.TempDirs;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * With no key and no issuer configured, only clients on this machine reach the API; everyone else is told how to
 * configure keys, and the probes answer everyone. The remote client is simulated by its address.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ProtectedModeTest {

    private static final String REMOTE = "203.0.113.7";

    @Autowired
    private MockMvc mvc;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("aeserve.data-dir", () -> TempDirs.create("protected").toString());
    }

    @Test
    void aRemoteClientGets401OnEveryApiRouteWithHowToConfigureKeys() throws Exception {
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            String path = route.pattern().replace("{name}", "m").replace("{version}", "1").replace("{id}", "x");
            MockHttpServletResponse response = send(request(route.method(), path), REMOTE);
            assertThat(response.getStatus()).as(route.method() + " " + path).isEqualTo(401);
            // the Open Inference Protocol's routes answer in its error shape, the others as problems
            assertThat(response.getContentType())
                    .startsWith(path.startsWith("/v2") ? "application/json" : "application/problem+json");
            assertThat(response.getContentAsString()).contains("aeserve.security.api-keys")
                    .contains("AESERVE_SECURITY_APIKEYS_0_KEYSHA256").contains("aeserve.security.mode=open");
            if (path.startsWith("/v2")) {
                assertThat(response.getContentAsString()).startsWith("{\"error\":");
            }
        }
        assertThat(send(get("/api/v1/no-such-route"), REMOTE).getStatus()).isEqualTo(401);
    }

    @Test
    void aForwardedHeaderDoesNotMakeARemoteClientLocal() throws Exception {
        MockHttpServletRequestBuilder spoofed = get("/api/v1/models")
                .header("X-Forwarded-For", "127.0.0.1").header("Forwarded", "for=127.0.0.1");
        assertThat(send(spoofed, REMOTE).getStatus()).isEqualTo(401);
    }

    @Test
    void probesAndPrometheusAnswerEveryone() throws Exception {
        assertThat(send(get("/actuator/health/liveness"), REMOTE).getStatus()).isEqualTo(200);
        assertThat(send(get("/actuator/health/readiness"), REMOTE).getStatus()).isEqualTo(200);
        assertThat(send(get("/actuator/health"), REMOTE).getContentAsString()).doesNotContain("components");
        assertThat(send(get("/actuator/prometheus"), REMOTE).getStatus()).isEqualTo(200);
        assertThat(send(get("/actuator/info"), REMOTE).getStatus()).isEqualTo(401);
        assertThat(send(get("/v3/api-docs"), REMOTE).getStatus()).isEqualTo(200);
    }

    @Test
    void aLoopbackClientGetsEveryScopeAndInfoWarns() throws Exception {
        for (String local : new String[] {"127.0.0.1", "::1"}) {
            assertThat(send(get("/api/v1/models"), local).getStatus()).isEqualTo(200);
            assertThat(send(request(HttpMethod.DELETE, "/api/v1/models/none"), local).getStatus())
                    .as("admin reaches the controller").isEqualTo(404);
        }
        MockHttpServletResponse info = send(get("/actuator/info"), "127.0.0.1");
        assertThat(info.getStatus()).isEqualTo(200);
        assertThat(info.getContentAsString()).contains("only clients on this machine reach the API");
        assertThat(send(get("/actuator/health"), "127.0.0.1").getContentAsString()).contains("engine");
    }

    @Test
    void whatTheFirewallRefusesGets400WithAProblemSayingWhat() throws Exception {
        // checked before any controller runs: a header, a path
        assertRejected(send(get("/api/v1/models").header("Accept", "application/json\u0378"), "127.0.0.1"),
                "Accept");
        assertRejected(send(get(URI.create("/api/v1/models/a%3Bb")), "127.0.0.1"), "%3B");
        // checked when a controller reads the header
        MockHttpServletResponse rowShape = send(post("/api/v1/models/m/reconstruct")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[16])
                .header("X-Row-Shape", "4\u0085"), "127.0.0.1");
        assertRejected(rowShape, "X-Row-Shape");
        MockHttpServletResponse oip = send(post("/v2/models/m/infer").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(new byte[16]).header("Inference-Header-Content-Length", "2\u0085"), "127.0.0.1");
        assertThat(oip.getStatus()).isEqualTo(400);
        assertThat(oip.getContentAsString()).startsWith("{\"error\":").contains("Inference-Header-Content-Length");
        // printable text, tabs in values and non-ASCII letters pass as before
        assertThat(send(get("/api/v1/models").header("Accept", "application/json;q=0.9,\t*/*;q=0.1")
                .header("X-Note", "caf\u00e9"), "127.0.0.1").getStatus()).isEqualTo(200);
    }

    private static void assertRejected(MockHttpServletResponse response, String what) throws Exception {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("urn:aeserve:problem:rejected-request")
                .contains("Request rejected").contains(what);
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request, String remoteAddress)
            throws Exception {
        return mvc.perform(request.with(r -> {
            r.setRemoteAddr(remoteAddress);
            return r;
        })).andReturn().getResponse();
    }
}
