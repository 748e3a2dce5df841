package io.aeserve.registry;

import java.util.List;
import java.util.Map;

/**
 * What the registry knows about models apart from their files: each model's record, its versions' manifests, the
 * version it serves and the highest version number it ever gave out. Kept in the data directory (one replica) or
 * in PostgreSQL (any number of replicas); the version files themselves are in a {@link io.aeserve.storage.BlobStore}.
 */
interface RegistryMetadata {

    /** Everything, as it is now, and what could not be read (reported in health, never deleted). */
    Snapshot read();

    /**
     * A number that changes whenever anything here changes, from this replica or another; cheap to ask for often.
     * A store only one replica writes may answer a constant.
     */
    long revision();

    /** Records a new model; {@link io.aeserve.error.ConflictException} when the name is taken. */
    void createModel(ModelRecord record);

    void updateModel(ModelRecord record);

    /** Forgets a model with all its versions. */
    void deleteModel(String name);

    /** Gives out the model's next version number; no number is ever given out twice, whatever fails later. */
    int allocateVersion(String model);

    /** Records a version whose files are published; from now on it is listed. */
    void addVersion(VersionManifest manifest);

    /** Pins the version served when a request names none; {@code null} serves the newest again. */
    void setServing(String model, Integer version);

    /**
     * Stores, replaces or, when {@code threshold} is null, removes the default threshold of one score of a version;
     * {@link io.aeserve.error.NotFoundException} when the version is not there.
     */
    void setThreshold(String model, int version, String score, VersionThreshold threshold);

    /** Forgets a version; a pin on it is dropped with it, and so are its thresholds. */
    void deleteVersion(String model, int version);

    /** What {@link #read} found. */
    record Snapshot(List<StoredModel> models, List<String> problems) {}

    /**
     * @param servingVersion the pinned version, or null
     * @param highestVersion the highest version number given out, readable or not: never given out again
     * @param thresholds the stored default thresholds, by version and score
     */
    record StoredModel(ModelRecord record, Integer servingVersion, List<VersionManifest> versions,
            int highestVersion, Map<Integer, Map<String, VersionThreshold>> thresholds) {}
}
