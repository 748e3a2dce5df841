package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.aeserve.support.TempDirs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Open mode serves everyone, and says so in info. */
@SpringBootTest(properties = "aeserve.security.mode=open")
@AutoConfigureMockMvc
class OpenModeTest {

    @Autowired
    private MockMvc mvc;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("aeserve.data-dir", () -> TempDirs.create("open").toString());
    }

    @Test
    void aRemoteClientReachesTheApiAndInfoWarns() throws Exception {
        var remote = get("/api/v1/models").with(r -> {
            r.setRemoteAddr("203.0.113.7");
            return r;
        });
        assertThat(mvc.perform(remote).andReturn().getResponse().getStatus()).isEqualTo(200);
        String info = mvc.perform(get("/actuator/info").with(r -> {
            r.setRemoteAddr("203.0.113.7");
            return r;
        })).andReturn().getResponse().getContentAsString();
        assertThat(info).contains("\"mode\":\"open\"").contains("every client gets every scope");
    }
}
