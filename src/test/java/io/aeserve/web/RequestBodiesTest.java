package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    private final byte[] body = new Random(5).ints(100_000, 0, 256).collect(() -> new java.io.ByteArrayOutputStream(),
            (out, b) -> out.write(b), (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray();

    @Test
    void readsABodyOfItsDeclaredLength() throws IOException {
        assertThat(RequestBodies.read(new ByteArrayInputStream(body), body.length)).isEqualTo(body);
    }

    @Test
    void readsABodyWithoutADeclaredLength() throws IOException {
        assertThat(RequestBodies.read(new ByteArrayInputStream(body), -1)).isEqualTo(body);
    }

    @Test
    void keepsWhatArrivedOfABodyShorterThanDeclared() throws IOException {
        assertThat(RequestBodies.read(new ByteArrayInputStream(body), body.length + 10)).isEqualTo(body);
    }

    @Test
    void setsNothingAsideForALargeDeclaredLength() throws IOException {
        assertThat(RequestBodies.read(new ByteArrayInputStream(body), Integer.MAX_VALUE)).isEqualTo(body);
    }
}
