package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class HttpPropertiesTest {

    @Test
    void socketBuffersOutsideOneKilobyteToSixteenMegabytesAreRefusedNamingTheProperty() {
        assertThat(new HttpProperties(DataSize.ofKilobytes(1)).socketBuffer()).isEqualTo(DataSize.ofKilobytes(1));
        assertThat(new HttpProperties(DataSize.ofMegabytes(16)).socketBuffer()).isEqualTo(DataSize.ofMegabytes(16));
        assertThatThrownBy(() -> new HttpProperties(DataSize.ofBytes(0)))
                .hasMessageContaining("aeserve.http.socket-buffer");
        assertThatThrownBy(() -> new HttpProperties(DataSize.ofMegabytes(17)))
                .hasMessageContaining("aeserve.http.socket-buffer");
    }
}
