package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aeserve.error.ConflictException;
import io.aeserve.error.NotFoundException;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.RegistryMetadata.Snapshot;
import io.aeserve.registry.RegistryMetadata.StoredModel;
import io.aeserve.support.Specs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RegistryMetadata} does, whatever keeps it. A subclass says how to make an empty store and how
 * to open what it keeps again, as the service does after a restart.
 */
abstract class RegistryMetadataContract {

    static final ModelSpec SPEC = SpecValidator.complete(Specs.dense(4).hidden(3).latent(2).build());
    /** With nanoseconds: a store keeps instants exactly. */
    static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456789Z");

    RegistryMetadata store;

    /** A store with nothing in it. */
    abstract RegistryMetadata emptyStore();

    /** A new store over what {@code store} keeps, as after a restart. */
    abstract RegistryMetadata reopen(RegistryMetadata store);

    /** Whether {@link RegistryMetadata#revision()} follows changes: a store one replica writes may answer a constant. */
    boolean revisionFollowsChanges() {
        return true;
    }

    @BeforeEach
    void openEmptyStore() {
        store = emptyStore();
    }

    static ModelRecord record(String name) {
        return new ModelRecord(name, "finds odd rows", Map.of("team", "fraud"), SPEC, CREATED);
    }

    /** A version with every field set, as training writes it. */
    static VersionManifest manifest(String model, int version) {
        Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put("spec.json", "a".repeat(64));
        checksums.put("parameters.djl", "b".repeat(64));
        checksums.put("normalization.json", "c".repeat(64));
        return new VersionManifest(model, version, CREATED.plusSeconds(version), "job-" + version, version - 1,
                Map.of("id", "ds-1", "split", "train", "classes", List.of(0, 3)),
                Map.of("loss", 0.0123, "bestEpoch", 7, "rows", 60000, "samplesPerSecond", 2.5E7),
                checksums);
    }

    static StoredModel only(Snapshot snapshot) {
        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.models()).hasSize(1);
        return snapshot.models().get(0);
    }

    @Test
    void aCreatedModelReadsBackEqual() {
        store.createModel(record("m"));
        assertThat(only(store.read())).isEqualTo(new StoredModel(record("m"), null, List.of(), 0, Map.of()));
        assertThat(only(reopen(store).read())).isEqualTo(new StoredModel(record("m"), null, List.of(), 0, Map.of()));
    }

    @Test
    void aTakenNameIsAConflict() {
        store.createModel(record("m"));
        ModelRecord other = new ModelRecord("m", "another", Map.of(), SPEC, CREATED.plusSeconds(1));
        assertThatThrownBy(() -> store.createModel(other)).isInstanceOf(ConflictException.class)
                .hasMessage("model 'm' already exists");
        assertThat(only(store.read()).record()).isEqualTo(record("m"));
    }

    @Test
    void anUpdateReplacesTheRecord() {
        store.createModel(record("m"));
        ModelRecord updated = new ModelRecord("m", null, Map.of("team", "risk", "stage", "production"), SPEC,
                CREATED);
        store.updateModel(updated);
        assertThat(only(store.read()).record()).isEqualTo(updated);
    }

    @Test
    void versionNumbersAreNeverGivenOutTwice() {
        store.createModel(record("m"));
        assertThat(List.of(store.allocateVersion("m"), store.allocateVersion("m"), store.allocateVersion("m")))
                .containsExactly(1, 2, 3);
        store.addVersion(manifest("m", 3));
        store.deleteVersion("m", 3);
        assertThat(store.allocateVersion("m")).isEqualTo(4);
        RegistryMetadata reopened = reopen(store);
        assertThat(only(reopened.read()).highestVersion()).isEqualTo(4);
        assertThat(reopened.allocateVersion("m")).isEqualTo(5);
    }

    @Test
    void anAddedVersionReadsBackEqualInVersionOrder() {
        store.createModel(record("m"));
        VersionManifest first = new VersionManifest("m", 1, CREATED, null, null, Map.of(), Map.of(), Map.of());
        VersionManifest second = manifest("m", 2);
        store.addVersion(second);
        store.addVersion(first);
        StoredModel model = only(reopen(store).read());
        assertThat(model.versions()).containsExactly(first, second);
        assertThat(model.versions().get(1).checksums().keySet())
                .containsExactly("spec.json", "parameters.djl", "normalization.json");
        assertThat(model.highestVersion()).isEqualTo(2);
    }

    @Test
    void anAddedVersionRaisesTheHighestNumber() {
        store.createModel(record("m"));
        store.addVersion(manifest("m", 7));
        assertThat(only(store.read()).highestVersion()).isEqualTo(7);
        assertThat(store.allocateVersion("m")).isEqualTo(8);
    }

    @Test
    void aPinHoldsUntilItsVersionIsDeleted() {
        store.createModel(record("m"));
        store.addVersion(manifest("m", 1));
        store.addVersion(manifest("m", 2));
        store.setServing("m", 1);
        assertThat(only(reopen(store).read()).servingVersion()).isEqualTo(1);
        store.deleteVersion("m", 2);
        assertThat(only(store.read()).servingVersion()).isEqualTo(1);
        store.setServing("m", null);
        assertThat(only(store.read()).servingVersion()).isNull();
        store.setServing("m", 1);
        store.deleteVersion("m", 1);
        StoredModel model = only(store.read());
        assertThat(model.servingVersion()).isNull();
        assertThat(model.versions()).isEmpty();
        assertThat(model.highestVersion()).isEqualTo(2);
    }

    @Test
    void aDeletedModelTakesItsVersionsWithIt() {
        store.createModel(record("m"));
        store.createModel(record("other"));
        store.addVersion(manifest("m", 1));
        store.setServing("m", 1);
        store.addVersion(manifest("other", 1));
        store.deleteModel("m");
        assertThat(store.read().models()).extracting(model -> model.record().name()).containsExactly("other");
        assertThat(only(store.read()).versions()).containsExactly(manifest("other", 1));
        store.createModel(record("m"));
        StoredModel recreated = store.read().models().stream()
                .filter(model -> model.record().name().equals("m")).findFirst().orElseThrow();
        assertThat(recreated.versions()).isEmpty();
        assertThat(recreated.servingVersion()).isNull();
    }

    @Test
    void aThresholdIsStoredReplacedRemovedAndGoesWithItsVersion() {
        store.createModel(record("m"));
        store.addVersion(manifest("m", 1));
        store.addVersion(manifest("m", 2));
        VersionThreshold calibrated = new VersionThreshold("calibrated", 0.012345678901234, CREATED);
        VersionThreshold fpr = new VersionThreshold("fpr", 0.01, CREATED.plusSeconds(5));
        store.setThreshold("m", 1, "reconstruction", calibrated);
        store.setThreshold("m", 1, "knn", fpr);
        assertThat(only(reopen(store).read()).thresholds())
                .isEqualTo(Map.of(1, Map.of("reconstruction", calibrated, "knn", fpr)));
        VersionThreshold replaced = new VersionThreshold("calibrated", 0.5, CREATED.plusSeconds(9));
        store.setThreshold("m", 1, "reconstruction", replaced);
        store.setThreshold("m", 1, "knn", null);
        assertThat(only(store.read()).thresholds()).isEqualTo(Map.of(1, Map.of("reconstruction", replaced)));
        assertThatThrownBy(() -> store.setThreshold("m", 3, "reconstruction", calibrated))
                .isInstanceOf(NotFoundException.class);
        store.deleteVersion("m", 1);
        assertThat(only(reopen(store).read()).thresholds()).isEmpty();
    }

    @Test
    void theRevisionChangesWithEveryChangeAndOnlyThen() {
        assumeTrue(revisionFollowsChanges(), "this store answers a constant revision");
        Map<String, Runnable> changes = new LinkedHashMap<>();
        changes.put("createModel", () -> store.createModel(record("m")));
        changes.put("updateModel", () -> store.updateModel(new ModelRecord("m", "new", Map.of(), SPEC, CREATED)));
        changes.put("allocateVersion", () -> store.allocateVersion("m"));
        changes.put("addVersion", () -> store.addVersion(manifest("m", 1)));
        changes.put("setServing", () -> store.setServing("m", 1));
        changes.put("setServing(null)", () -> store.setServing("m", null));
        changes.put("setThreshold", () -> store.setThreshold("m", 1, "reconstruction",
                new VersionThreshold("calibrated", 0.1, CREATED)));
        changes.put("setThreshold(null)", () -> store.setThreshold("m", 1, "reconstruction", null));
        changes.put("deleteVersion", () -> store.deleteVersion("m", 1));
        changes.put("deleteModel", () -> store.deleteModel("m"));
        long revision = store.revision();
        for (Map.Entry<String, Runnable> change : changes.entrySet()) {
            change.getValue().run();
            long after = store.revision();
            assertThat(after).as(change.getKey()).isNotEqualTo(revision);
            revision = after;
            store.read();
            assertThat(store.revision()).as("reading after " + change.getKey()).isEqualTo(revision);
        }
        store.createModel(record("n"));
        long before = store.revision();
        assertThatThrownBy(() -> store.createModel(record("n"))).isInstanceOf(ConflictException.class);
        assertThat(store.revision()).as("a change that failed").isEqualTo(before);
    }
}
