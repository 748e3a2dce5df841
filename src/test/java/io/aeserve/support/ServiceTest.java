package io.aeserve.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port with a data directory of its own: each application context gets a fresh
 * folder, created when the context starts. Subclasses may repeat {@code @SpringBootTest} to add properties.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceTest {

    @LocalServerPort
    protected int port;

    protected HttpJson http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("aeserve.data-dir", () -> TempDirs.create("service").toString());
    }

    @BeforeEach
    void connect() {
        http = new HttpJson("http://localhost:" + port);
    }
}
