package io.aeserve.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFolderTest {

    @TempDir
    Path parent;

    @Test
    void aPublishedFolderHoldsItsFilesAndNothingIsLeftBehind() throws IOException {
        byte[] text = "hello".getBytes(StandardCharsets.US_ASCII);
        Path target = parent.resolve("1");
        String checksum;
        try (StagedFolder staging = StagedFolder.in(parent)) {
            assertThat(target).doesNotExist();
            checksum = staging.write("a.txt", text);
            staging.write("b.f32", channel -> Float32Codec.write(new float[] {1f, 2f}, channel));
            staging.createFolder("sub");
            staging.publish(target);
        }
        assertThat(checksum).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(target.resolve("a.txt")).hasBinaryContent(text);
        assertThat(target.resolve("b.f32")).hasBinaryContent(Float32Codec.encode(new float[] {1f, 2f}));
        assertThat(target.resolve("sub")).isDirectory();
        assertThat(names(parent)).containsExactly("1");
    }

    @Test
    void aFailureBeforePublishingLeavesNothing() throws IOException {
        assertThatThrownBy(() -> {
            try (StagedFolder staging = StagedFolder.in(parent)) {
                staging.write("a.txt", new byte[] {1});
                staging.write("b.f32", channel -> {
                    throw new IOException("disk full");
                });
                staging.publish(parent.resolve("1"));
            }
        }).hasMessage("disk full");
        assertThat(names(parent)).isEmpty();
    }

    @Test
    void aFolderClosedUnpublishedIsRemoved() throws IOException {
        try (StagedFolder staging = StagedFolder.in(parent)) {
            staging.write("a.txt", new byte[] {1});
            assertThat(names(parent)).singleElement().asString().startsWith(".tmp-");
        }
        assertThat(names(parent)).isEmpty();
    }

    @Test
    void aRetiredFolderIsGoneWithoutATrace() throws IOException {
        Path folder = Files.createDirectories(parent.resolve("1").resolve("deep"));
        Files.write(folder.resolve("a.txt"), new byte[] {1});
        StagedFolder.retire(parent.resolve("1"));
        assertThat(names(parent)).isEmpty();
        assertThatThrownBy(() -> StagedFolder.retire(parent.resolve("1"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void leftoversOfACrashAreRemovedAndEverythingElseIsKept() throws IOException {
        Files.write(Files.createDirectories(parent.resolve(".tmp-crashed")).resolve("a.txt"), new byte[] {1});
        Files.write(Files.createDirectories(parent.resolve(".deleted-crashed").resolve("deep")).resolve("b.txt"),
                new byte[] {1});
        Files.createDirectories(parent.resolve("1"));
        Files.createDirectories(parent.resolve(".keep"));
        StagedFolder.removeLeftovers(parent);
        assertThat(names(parent)).containsExactlyInAnyOrder("1", ".keep");
        StagedFolder.removeLeftovers(parent.resolve("missing"));
    }

    @Test
    void hiddenNamesAreNotAStoresContent() {
        assertThat(StagedFolder.isHidden(parent.resolve(".tmp-x"))).isTrue();
        assertThat(StagedFolder.isHidden(parent.resolve("model"))).isFalse();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(path -> path.getFileName().toString()).toList();
        }
    }
}
