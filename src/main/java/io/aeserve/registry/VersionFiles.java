package io.aeserve.registry;

import io.aeserve.model.EpochRecord;
import io.aeserve.model.Normalization;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.ScoreArray;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.score.VersionScores;
import io.aeserve.storage.AtomicFiles;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.Float32Codec;
import io.aeserve.table.TableEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one naming rule for what the registry stores, whichever {@link BlobStore} holds it: a model's folder
 * {@code models/<name>/} with {@code model.json}, and each version's folder {@code models/<name>/versions/<n>/}
 * with spec, parameters, normalisation, history, the encoding of a table's columns when it was trained on one, one
 * file per score array and a manifest of their checksums,
 * written last. The export names its entries after the same files.
 */
class VersionFiles {

    private static final Logger log = LoggerFactory.getLogger(VersionFiles.class);

    static final String MODELS = "models";
    static final String MODEL = "model.json";
    static final String MANIFEST = "manifest.json";
    static final String SPEC = "spec.json";
    static final String PARAMETERS = "parameters.djl";
    static final String NORMALIZATION = "normalization.json";
    static final String HISTORY = "history.json";
    /** How a table's columns become the inputs; only versions trained on a table have it. */
    static final String COLUMNS = "columns.json";
    /** Score state arrays are stored one a file, named after the array. */
    private static final String SCORE_ARRAY_SUFFIX = ".f32";

    private final BlobStore blobs;
    private final JsonMapper mapper;

    VersionFiles(BlobStore blobs, JsonMapper mapper) {
        this.blobs = blobs;
        this.mapper = mapper;
    }

    static String modelFolder(String model) {
        return MODELS + "/" + model;
    }

    static String versionsFolder(String model) {
        return modelFolder(model) + "/versions";
    }

    static String versionFolder(String model, int version) {
        return versionsFolder(model) + "/" + version;
    }

    static String scoreArrayFile(String array) {
        return array + SCORE_ARRAY_SUFFIX;
    }

    /** Writes and publishes a version's folder; returns its manifest, checksums filled in. */
    VersionManifest write(VersionManifest draft, TrainedModel trained) {
        try (BlobStore.Batch batch = blobs.create(versionFolder(draft.model(), draft.version()))) {
            Map<String, String> checksums = new LinkedHashMap<>();
            checksums.put(SPEC, batch.write(SPEC, mapper.writeValueAsBytes(trained.spec())));
            checksums.put(PARAMETERS, batch.write(PARAMETERS, trained.parameters()));
            checksums.put(NORMALIZATION, batch.write(NORMALIZATION, mapper.writeValueAsBytes(trained.normalization())));
            checksums.put(HISTORY, batch.write(HISTORY, mapper.writeValueAsBytes(trained.history())));
            if (trained.columns() != null) {
                checksums.put(COLUMNS, batch.write(COLUMNS, mapper.writeValueAsBytes(trained.columns())));
            }
            for (Map.Entry<String, float[]> array : trained.scores().arrays().entrySet()) {
                String file = scoreArrayFile(array.getKey());
                checksums.put(file, batch.write(file, Float32Codec.encode(array.getValue())));
            }
            VersionManifest manifest = new VersionManifest(draft.model(), draft.version(), draft.createdAt(),
                    draft.jobId(), draft.fromVersion(), draft.dataset(), draft.metrics(), checksums);
            batch.write(MANIFEST, mapper.writeValueAsBytes(manifest));
            batch.publish();
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + draft.model() + " version " + draft.version(), e);
        }
    }

    /** Removes what interrupted writes and deletes left among the models; called at start-up. */
    void removeLeftovers() {
        blobs.removeLeftovers(MODELS);
    }

    /** Removes a version's folder; nothing happens when it is gone already. */
    void delete(String model, Integer version) {
        String folder = version == null ? modelFolder(model) : versionFolder(model, version);
        try {
            blobs.deleteFolder(folder);
        } catch (java.nio.file.NoSuchFileException e) {
            // removed with its metadata, or by another replica
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + folder, e);
        }
    }

    /** Reads a version's manifest and checks every file it lists against its checksum. */
    VersionManifest verify(String model, int version) {
        String folder = versionFolder(model, version);
        VersionManifest manifest;
        try {
            manifest = mapper.readValue(blobs.read(folder + "/" + MANIFEST), VersionManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new CorruptVersionException("no readable " + MANIFEST, e);
        }
        if (manifest.version() != version) {
            throw new CorruptVersionException("the manifest names version " + manifest.version());
        }
        for (Map.Entry<String, String> entry : manifest.checksums().entrySet()) {
            try {
                if (!AtomicFiles.sha256(blobs.read(folder + "/" + entry.getKey())).equals(entry.getValue())) {
                    throw new CorruptVersionException(entry.getKey() + " does not match its checksum");
                }
            } catch (IOException e) {
                throw new CorruptVersionException(entry.getKey() + " cannot be read", e);
            }
        }
        return manifest;
    }

    /** A version read back, each file checked against the checksum its manifest gives. */
    StoredVersion read(String model, int version) {
        String folder = versionFolder(model, version);
        try {
            VersionManifest manifest = mapper.readValue(blobs.read(folder + "/" + MANIFEST), VersionManifest.class);
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : manifest.checksums().entrySet()) {
                byte[] bytes = blobs.read(folder + "/" + entry.getKey());
                if (!AtomicFiles.sha256(bytes).equals(entry.getValue())) {
                    throw new CorruptVersionException(model + " version " + version + ": " + entry.getKey()
                            + " does not match its checksum");
                }
                files.put(entry.getKey(), bytes);
            }
            ModelSpec spec = mapper.readValue(required(files, SPEC), ModelSpec.class);
            return new StoredVersion(manifest, spec, required(files, PARAMETERS),
                    mapper.readValue(required(files, NORMALIZATION), Normalization.class),
                    mapper.readValue(required(files, HISTORY), new TypeReference<List<EpochRecord>>() {}),
                    scores(files, manifest, spec),
                    files.containsKey(COLUMNS) ? mapper.readValue(files.get(COLUMNS), TableEncoding.class) : null);
        } catch (CorruptVersionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptVersionException(model + " version " + version + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] required(Map<String, byte[]> files, String name) throws IOException {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new IOException("the manifest lists no " + name);
        }
        return bytes;
    }

    /** About the bytes a version takes in the store: its arrays, and a little for its JSON files. */
    static long bytesOf(TrainedModel trained) {
        long floats = trained.scores().arrays().values().stream().mapToLong(values -> values.length).sum();
        Normalization normalization = trained.normalization();
        long json = 64L * 1024 + 32L * (normalization.offset().length + normalization.scale().length)
                + 256L * trained.history().size()
                + (trained.columns() != null ? 64L * trained.columns().columns().size() + 300L * trained.columns().width() : 0);
        return trained.parameters().length + Float.BYTES * floats + json;
    }

    /**
     * The version's scores from their arrays; a score whose arrays are missing (versions written before it
     * existed) or unusable is left out, and the version serves the others.
     */
    private static VersionScores scores(Map<String, byte[]> files, VersionManifest manifest, ModelSpec spec) {
        Map<String, ScoreArray> arrays = new LinkedHashMap<>();
        for (String name : ScoreCatalog.standard().arrayNames()) {
            byte[] bytes = files.get(scoreArrayFile(name));
            if (bytes != null) {
                arrays.put(name, ScoreArray.flat(Float32Codec.decode(bytes)));
            }
        }
        VersionScores.Restored restored = VersionScores.restore(spec, arrays, null, VersionFiles::scoreArrayFile);
        restored.problems().forEach(problem -> log.warn("{} version {}: {}", manifest.model(), manifest.version(),
                problem));
        return restored.scores();
    }
}
