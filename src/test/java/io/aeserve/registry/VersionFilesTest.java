package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.ConflictException;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.Normalization;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.NormalizationKind;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import io.aeserve.score.VersionScores;
import io.aeserve.storage.FolderBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Versions in the data directory: what is written reads back, and what a crash or an older release left. */
class VersionFilesTest {

    static final ModelSpec SPEC = SpecValidator.complete(new ModelSpec(Variant.DENSE, null, List.of(4), List.of(3),
            null, 2, null, null, null, null, null, null, null, null, null));
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path root;

    VersionFiles files() {
        return new VersionFiles(new FolderBlobStore(root), MAPPER);
    }

    FileRegistryMetadata metadata() {
        return new FileRegistryMetadata(new FolderBlobStore(root), files(), MAPPER);
    }

    static TrainedModel trained() {
        Random random = new Random(4);
        int rows = 20;
        float[] errors = new float[rows];
        float[] codes = new float[rows * 2];
        for (int i = 0; i < rows; i++) {
            errors[i] = random.nextFloat();
            codes[2 * i] = (float) random.nextGaussian();
            codes[2 * i + 1] = (float) random.nextGaussian();
        }
        VersionScores scores = VersionScores.fit(SPEC, new ForwardResult(rows,
                Map.of(ForwardOutput.ERRORS, errors, ForwardOutput.CODES, codes)));
        return new TrainedModel(SPEC, new byte[] {1, 2, 3}, new Normalization(NormalizationKind.NONE, new float[4],
                new float[] {1, 1, 1, 1}), List.of(), scores, null, 1, rows, 0);
    }

    VersionManifest write(int version, TrainedModel trained) {
        return files().write(new VersionManifest("m", version, Instant.now(), null, null, Map.of(), Map.of(),
                Map.of()), trained);
    }

    @Test
    void aVersionReadsBackWithEveryScoreArray() {
        metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        TrainedModel trained = trained();
        VersionManifest manifest = write(1, trained);
        assertThat(manifest.checksums()).containsKeys("training-errors.f32", "training-scores-latent.f32",
                "training-scores-combined.f32", "training-scores-knn.f32", "latent-mean.f32", "latent-precision.f32",
                "latent-references.f32");
        StoredVersion read = files().read("m", 1);
        assertThat(read.scores().names()).isEqualTo(trained.scores().names());
        trained.scores().arrays().forEach((name, values) -> assertThat(read.scores().array(name)).as(name)
                .isEqualTo(values));
        assertThat(read.parameters()).containsExactly(1, 2, 3);
        assertThat(read.manifest()).isEqualTo(manifest);
    }

    @Test
    void aPublishedVersionIsNeverWrittenOver() {
        metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        write(1, trained());
        assertThatThrownBy(() -> write(1, trained())).hasMessageContaining("Cannot write m version 1");
        assertThatThrownBy(() -> metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now())))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void versionNumbersAreNeverGivenOutTwiceAcrossRestarts() {
        metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        assertThat(metadata().allocateVersion("m")).isEqualTo(1);
        write(1, trained());
        assertThat(metadata().allocateVersion("m")).isEqualTo(2);
        // version 2 was never written: a crash between the number and the files
        metadata().deleteVersion("m", 1);
        assertThat(metadata().allocateVersion("m")).isEqualTo(3);
        assertThat(metadata().read().models()).singleElement()
                .satisfies(model -> assertThat(model.highestVersion()).isEqualTo(3));
    }

    @Test
    void leftoversOfACrashAreRemovedAtStartUp() throws IOException {
        metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        write(1, trained());
        Path staging = Files.createDirectories(root.resolve("models/m/versions/.tmp-crashed"));
        Files.writeString(staging.resolve("spec.json"), "{");
        Path retired = Files.createDirectories(root.resolve("models/.deleted-crashed"));
        files().removeLeftovers();
        RegistryMetadata.Snapshot snapshot = metadata().read();
        assertThat(staging).doesNotExist();
        assertThat(retired).doesNotExist();
        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.models()).singleElement().satisfies(model -> assertThat(model.versions()).hasSize(1));
    }

    @Test
    void aVersionWhoseFileNoLongerMatchesItsChecksumIsSkippedAndReported() throws IOException {
        metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        write(1, trained());
        write(2, trained());
        Files.write(root.resolve("models/m/versions/1/parameters.djl"), new byte[] {9});
        RegistryMetadata.Snapshot snapshot = metadata().read();
        assertThat(snapshot.problems()).singleElement().asString().contains("m version 1", "checksum");
        assertThat(snapshot.models()).singleElement().satisfies(model -> assertThat(model.versions())
                .extracting(VersionManifest::version).containsExactly(2));
        assertThatThrownBy(() -> files().read("m", 1)).isInstanceOf(CorruptVersionException.class);
    }

    @Test
    void versionsWrittenBeforeTheLatentScoresStillLoad() throws IOException {
        metadata().createModel(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        write(1, trained());
        // the layout of the first versions: training errors only
        Path folder = root.resolve("models/m/versions/1");
        VersionManifest manifest = MAPPER.readValue(folder.resolve("manifest.json").toFile(), VersionManifest.class);
        Map<String, String> checksums = new java.util.LinkedHashMap<>(manifest.checksums());
        for (String file : List.copyOf(checksums.keySet())) {
            if (file.startsWith("latent-") || file.startsWith("training-scores-")) {
                Files.delete(folder.resolve(file));
                checksums.remove(file);
            }
        }
        Files.write(folder.resolve("manifest.json"), MAPPER.writeValueAsBytes(new VersionManifest(manifest.model(),
                manifest.version(), manifest.createdAt(), null, null, Map.of(), Map.of(), checksums)));
        StoredVersion read = files().read("m", 1);
        assertThat(read.scores().names()).containsExactly("reconstruction");
        assertThat(read.scores().training("reconstruction")).isEqualTo(trained().scores().training("reconstruction"));
    }
}
