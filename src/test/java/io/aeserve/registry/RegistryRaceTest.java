package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.NotFoundException;
import io.aeserve.error.StorageFullException;
import io.aeserve.model.Normalization;
import io.aeserve.score.ScoreArray;
import io.aeserve.score.VersionScores;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.NormalizationKind;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.storage.FolderBlobStore;
import io.aeserve.storage.StorageQuota;
import io.aeserve.support.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The registry without the service: deletes racing reads, and the storage quota. */
class RegistryRaceTest {

    static final ModelSpec SPEC = SpecValidator.complete(Specs.dense(4).latent(2).build());

    @TempDir
    Path dataDir;

    static TrainedModel version(int parameterBytes) {
        return new TrainedModel(SPEC, new byte[parameterBytes], new Normalization(NormalizationKind.NONE,
                new float[4], new float[] {1, 1, 1, 1}), List.of(), VersionScores.restore(SPEC,
                Map.of("training-errors", ScoreArray.flat(new float[] {0.1f, 0.2f})), null, name -> name).scores(),
                null, 1, 2, 0);
    }

    /** Version files that run a hook just before they read a version, once. */
    static final class HookedFiles extends VersionFiles {
        Runnable beforeRead;

        HookedFiles(FolderBlobStore blobs) {
            super(blobs, JsonMapper.builder().build());
        }

        @Override
        StoredVersion read(String model, int version) {
            Runnable hook = beforeRead;
            beforeRead = null;
            if (hook != null) {
                hook.run();
            }
            return super.read(model, version);
        }
    }

    ModelRegistry registry(VersionFiles files, long quotaBytes) {
        FolderBlobStore blobs = new FolderBlobStore(dataDir);
        return new ModelRegistry(new FileRegistryMetadata(blobs, files, JsonMapper.builder().build()), files,
                new StorageQuota(blobs, quotaBytes));
    }

    @Test
    void aVersionDeletedWhileItIsReadIsNotFound() {
        HookedFiles store = new HookedFiles(new FolderBlobStore(dataDir));
        ModelRegistry registry = registry(store, Long.MAX_VALUE);
        registry.create(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        registry.addVersion("m", version(16), null, null, Map.of(), Map.of());
        registry.addVersion("m", version(16), null, null, Map.of(), Map.of());
        assertThat(registry.load("m", 1).manifest().version()).isEqualTo(1);

        store.beforeRead = () -> registry.deleteVersion("m", 1, true);
        assertThatThrownBy(() -> registry.load("m", 1)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("m/1");
        store.beforeRead = () -> registry.delete("m");
        assertThatThrownBy(() -> registry.load("m", 2)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'m'");
    }

    @Test
    void aCorruptVersionThatStillExistsIsReportedAsCorrupt() throws Exception {
        HookedFiles store = new HookedFiles(new FolderBlobStore(dataDir));
        ModelRegistry registry = registry(store, Long.MAX_VALUE);
        registry.create(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        registry.addVersion("m", version(16), null, null, Map.of(), Map.of());
        Files.write(dataDir.resolve("models/m/versions/1/parameters.djl"), new byte[] {1});
        assertThatThrownBy(() -> registry.load("m", 1)).isInstanceOf(CorruptVersionException.class);
    }

    @Test
    void versionsAreWrittenOnlyWhenTheQuotaHasRoom() {
        ModelRegistry registry = registry(new VersionFiles(new FolderBlobStore(dataDir), JsonMapper.builder().build()),
                200_000);
        registry.create(new ModelRecord("m", null, Map.of(), SPEC, Instant.now()));
        assertThat(registry.addVersion("m", version(1_000), null, null, Map.of(), Map.of()).version()).isEqualTo(1);
        assertThatThrownBy(() -> registry.addVersion("m", version(150_000), null, null, Map.of(), Map.of()))
                .isInstanceOf(StorageFullException.class).hasMessageContaining("aeserve.limits.max-stored-bytes");
        assertThat(registry.get("m").versions()).hasSize(1);
        assertThat(dataDir.resolve("models/m/versions/2")).doesNotExist();
    }
}
