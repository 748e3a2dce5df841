package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.NotFoundException;
import io.aeserve.storage.FolderBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds in the data directory: a file beside the immutable version, read back after a restart. */
class FileRegistryThresholdsTest {

    static final Instant SET = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    Path root;

    private FileRegistryMetadata metadata() {
        return new FileRegistryMetadata(new FolderBlobStore(root), files(), VersionFilesTest.MAPPER);
    }

    private VersionFiles files() {
        return new VersionFiles(new FolderBlobStore(root), VersionFilesTest.MAPPER);
    }

    private void writeVersion(int version) {
        files().write(new VersionManifest("m", version, Instant.now(), null, null, Map.of(), Map.of(), Map.of()),
                VersionFilesTest.trained());
    }

    @Test
    void thresholdsSurviveARestartAndGoWithTheirVersion() {
        metadata().createModel(new ModelRecord("m", null, Map.of(), VersionFilesTest.SPEC, Instant.now()));
        writeVersion(1);
        writeVersion(2);
        VersionThreshold calibrated = new VersionThreshold("calibrated", 0.0123456789012345, SET);
        metadata().setThreshold("m", 2, "reconstruction", calibrated);
        metadata().setThreshold("m", 2, "knn", new VersionThreshold("fpr", 0.01, SET));
        metadata().setThreshold("m", 2, "knn", null);
        RegistryMetadata.StoredModel read = metadata().read().models().get(0);
        assertThat(read.thresholds()).isEqualTo(Map.of(2, Map.of("reconstruction", calibrated)));
        assertThat(read.versions()).hasSize(2);
        assertThatThrownBy(() -> metadata().setThreshold("m", 3, "reconstruction", calibrated))
                .isInstanceOf(NotFoundException.class);
        metadata().deleteVersion("m", 2);
        assertThat(root.resolve("models/m/thresholds-2.json")).doesNotExist();
        assertThat(metadata().read().models().get(0).thresholds()).isEmpty();
    }

    @Test
    void anUnreadableThresholdFileIsAProblemAndTheVersionStillServes() throws IOException {
        metadata().createModel(new ModelRecord("m", null, Map.of(), VersionFilesTest.SPEC, Instant.now()));
        writeVersion(1);
        Files.writeString(root.resolve("models/m/thresholds-1.json"), "{not json");
        RegistryMetadata.Snapshot snapshot = metadata().read();
        assertThat(snapshot.models().get(0).versions()).hasSize(1);
        assertThat(snapshot.models().get(0).thresholds()).isEmpty();
        assertThat(snapshot.problems()).singleElement().asString().contains("thresholds-1.json");
    }
}
