package io.aeserve.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void adviceNamesTheRecommendedSettingWhenThresholdsAreMissing() {
        assertThat(NativeAllocator.advice(null)).hasValueSatisfying(text -> assertThat(text)
                .contains("GLIBC_TUNABLES=" + NativeAllocator.RECOMMENDED));
        assertThat(NativeAllocator.advice("glibc.malloc.arena_max=2")).isPresent();
        assertThat(NativeAllocator.advice("glibc.malloc.trim_threshold=1000")).isPresent();
    }

    @Test
    void noAdviceWhenBothThresholdsAreSet() {
        assertThat(NativeAllocator.advice(NativeAllocator.RECOMMENDED)).isEmpty();
        assertThat(NativeAllocator.advice("glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=8388608"))
                .isEmpty();
    }

    @Test
    void theImageAndTheBuildStartWithTheRecommendedSetting() throws IOException {
        assertThat(Files.readString(Path.of("Dockerfile")))
                .contains("GLIBC_TUNABLES=" + NativeAllocator.RECOMMENDED);
        assertThat(Files.readString(Path.of("pom.xml")))
                .contains("<glibc.tunables>" + NativeAllocator.RECOMMENDED + "</glibc.tunables>");
    }
}
