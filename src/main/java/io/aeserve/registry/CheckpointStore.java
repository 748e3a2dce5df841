package io.aeserve.registry;

import io.aeserve.model.EpochRecord;
import io.aeserve.model.Normalization;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.ScoreArray;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.score.VersionScores;
import io.aeserve.storage.AtomicFiles;
import io.aeserve.storage.Float32Codec;
import io.aeserve.storage.StagedFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model store on the file system: {@code models/<name>/model.json}, {@code serving.json} and
 * {@code versions/<n>/} holding spec, parameters, normalisation, history, training errors and a manifest with
 * their checksums. Models and versions are written and deleted as {@link StagedFolder}s, so a crash leaves
 * nothing half visible, and the leftovers are removed on start-up.
 */
class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    static final String MODEL_FILE = "model.json";
    static final String SERVING_FILE = "serving.json";
    static final String COUNTER_FILE = "last-version";
    static final String VERSIONS = "versions";
    static final String MANIFEST = "manifest.json";
    static final String SPEC = "spec.json";
    static final String PARAMETERS = "parameters.djl";
    static final String NORMALIZATION = "normalization.json";
    static final String HISTORY = "history.json";
    /** Score state arrays are stored one a file, named after the array. */
    static final String SCORE_ARRAY_SUFFIX = ".f32";

    /** What start-up found on disk: the models, and what could not be read. */
    record Scan(List<ScannedModel> models, List<String> problems) {}

    /** @param highestVersion the highest version number ever written, readable or not: never reused */
    record ScannedModel(ModelRecord record, Integer servingVersion, List<VersionManifest> versions,
            int highestVersion) {}

    private final Path root;
    private final JsonMapper mapper;

    CheckpointStore(Path root, JsonMapper mapper) {
        this.root = root;
        this.mapper = mapper;
    }

    Scan scan() {
        List<ScannedModel> models = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        StagedFolder.removeLeftovers(root);
        for (Path folder : children(root)) {
            Path modelFile = folder.resolve(MODEL_FILE);
            ModelRecord record;
            try {
                record = mapper.readValue(modelFile.toFile(), ModelRecord.class);
            } catch (RuntimeException e) {
                problems.add(report("model folder " + folder.getFileName() + " has no readable " + MODEL_FILE, e));
                continue;
            }
            List<VersionManifest> versions = new ArrayList<>();
            Path versionsFolder = folder.resolve(VERSIONS);
            int highest = readCounter(folder);
            StagedFolder.removeLeftovers(versionsFolder);
            for (Path versionFolder : children(versionsFolder)) {
                String versionName = versionFolder.getFileName().toString();
                if (versionName.matches("\\d{1,9}")) {
                    highest = Math.max(highest, Integer.parseInt(versionName));
                }
                try {
                    versions.add(verify(versionFolder));
                } catch (CorruptVersionException e) {
                    problems.add(report(record.name() + " version " + versionFolder.getFileName() + " is skipped: "
                            + e.getMessage(), null));
                }
            }
            StagedFolder.removeLeftovers(folder);
            versions.sort(Comparator.comparingInt(VersionManifest::version));
            models.add(new ScannedModel(record, readServing(folder), versions, highest));
        }
        return new Scan(models, problems);
    }

    void createModel(ModelRecord record) {
        Path folder = root.resolve(record.name());
        try {
            Files.createDirectories(root);
            try (StagedFolder staging = StagedFolder.in(root)) {
                staging.write(MODEL_FILE, mapper.writeValueAsBytes(record));
                staging.createFolder(VERSIONS);
                if (Files.exists(folder)) {
                    throw new IllegalStateException("model folder " + folder + " already exists");
                }
                staging.publish(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create model " + record.name(), e);
        }
    }

    void updateModel(ModelRecord record) {
        write(() -> AtomicFiles.replace(root.resolve(record.name()).resolve(MODEL_FILE),
                mapper.writeValueAsBytes(record)));
    }

    void writeServing(String model, Integer version) {
        Path file = root.resolve(model).resolve(SERVING_FILE);
        write(() -> {
            if (version == null) {
                Files.deleteIfExists(file);
            } else {
                AtomicFiles.replace(file, mapper.writeValueAsBytes(Map.of("version", version)));
            }
        });
    }

    VersionManifest writeVersion(VersionManifest draft, TrainedModel trained) {
        Path modelFolder = root.resolve(draft.model());
        try (StagedFolder staging = StagedFolder.in(modelFolder)) {
            Map<String, String> checksums = new LinkedHashMap<>();
            checksums.put(SPEC, staging.write(SPEC, mapper.writeValueAsBytes(trained.spec())));
            checksums.put(PARAMETERS, staging.write(PARAMETERS, trained.parameters()));
            checksums.put(NORMALIZATION, staging.write(NORMALIZATION, mapper.writeValueAsBytes(trained.normalization())));
            checksums.put(HISTORY, staging.write(HISTORY, mapper.writeValueAsBytes(trained.history())));
            for (Map.Entry<String, float[]> array : trained.scores().arrays().entrySet()) {
                String file = array.getKey() + SCORE_ARRAY_SUFFIX;
                checksums.put(file, staging.write(file, Float32Codec.encode(array.getValue())));
            }
            VersionManifest manifest = new VersionManifest(draft.model(), draft.version(), draft.createdAt(),
                    draft.jobId(), draft.fromVersion(), draft.dataset(), draft.metrics(), checksums);
            staging.write(MANIFEST, mapper.writeValueAsBytes(manifest));
            Path target = modelFolder.resolve(VERSIONS).resolve(Integer.toString(draft.version()));
            Files.createDirectories(target.getParent());
            staging.publish(target);
            AtomicFiles.replace(modelFolder.resolve(COUNTER_FILE),
                    Integer.toString(draft.version()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the version", e);
        }
    }

    /** About the bytes a version of this model takes on disk: its arrays, and a little for its JSON files. */
    static long bytesOf(TrainedModel trained) {
        long floats = trained.scores().arrays().values().stream().mapToLong(values -> values.length).sum();
        Normalization normalization = trained.normalization();
        long json = 64L * 1024 + 32L * (normalization.offset().length + normalization.scale().length)
                + 256L * trained.history().size();
        return trained.parameters().length + Float.BYTES * floats + json;
    }

    StoredVersion readVersion(String model, int version) {
        Path folder = root.resolve(model).resolve(VERSIONS).resolve(Integer.toString(version));
        VersionManifest manifest = verify(folder);
        try {
            ModelSpec spec = mapper.readValue(folder.resolve(SPEC).toFile(), ModelSpec.class);
            return new StoredVersion(manifest, spec,
                    Files.readAllBytes(folder.resolve(PARAMETERS)),
                    mapper.readValue(folder.resolve(NORMALIZATION).toFile(), Normalization.class),
                    mapper.readValue(folder.resolve(HISTORY).toFile(), new TypeReference<List<EpochRecord>>() {}),
                    readScores(folder, manifest, spec));
        } catch (IOException | RuntimeException e) {
            throw new CorruptVersionException(model + " version " + version + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The version's scores from their arrays; a score whose arrays are missing (versions written before it
     * existed) or unusable is left out, and the version serves the others.
     */
    private static VersionScores readScores(Path folder, VersionManifest manifest, ModelSpec spec) throws IOException {
        Map<String, ScoreArray> arrays = new LinkedHashMap<>();
        for (String name : ScoreCatalog.standard().arrayNames()) {
            String file = name + SCORE_ARRAY_SUFFIX;
            if (manifest.checksums().containsKey(file)) {
                arrays.put(name, ScoreArray.flat(Float32Codec.decode(Files.readAllBytes(folder.resolve(file)))));
            }
        }
        VersionScores.Restored restored = VersionScores.restore(spec, arrays, null,
                name -> name + SCORE_ARRAY_SUFFIX);
        restored.problems().forEach(problem -> log.warn("{} version {}: {}", manifest.model(), manifest.version(),
                problem));
        return restored.scores();
    }

    void deleteVersion(String model, int version) {
        Path folder = root.resolve(model).resolve(VERSIONS).resolve(Integer.toString(version));
        write(() -> retire(folder));
    }

    void deleteModel(String model) {
        write(() -> retire(root.resolve(model)));
    }

    private static void retire(Path folder) throws IOException {
        if (Files.exists(folder)) {
            StagedFolder.retire(folder);
        }
    }

    private VersionManifest verify(Path folder) {
        VersionManifest manifest;
        try {
            manifest = mapper.readValue(folder.resolve(MANIFEST).toFile(), VersionManifest.class);
        } catch (RuntimeException e) {
            throw new CorruptVersionException("no readable " + MANIFEST, e);
        }
        if (!Integer.toString(manifest.version()).equals(folder.getFileName().toString())) {
            throw new CorruptVersionException("the manifest names version " + manifest.version());
        }
        for (Map.Entry<String, String> entry : manifest.checksums().entrySet()) {
            try {
                String actual = AtomicFiles.sha256(Files.readAllBytes(folder.resolve(entry.getKey())));
                if (!actual.equals(entry.getValue())) {
                    throw new CorruptVersionException(entry.getKey() + " does not match its checksum");
                }
            } catch (IOException e) {
                throw new CorruptVersionException(entry.getKey() + " cannot be read", e);
            }
        }
        return manifest;
    }

    private static int readCounter(Path modelFolder) {
        try {
            return Integer.parseInt(Files.readString(modelFolder.resolve(COUNTER_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Integer readServing(Path modelFolder) {
        Path file = modelFolder.resolve(SERVING_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return mapper.readTree(file.toFile()).get("version").asInt();
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return null;
        }
    }

    private static List<Path> children(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(child -> {
                if (!StagedFolder.isHidden(child)) {
                    children.add(child);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        children.sort(Comparator.naturalOrder());
        return children;
    }

    private static String report(String message, Exception cause) {
        log.error("Model store: {}{}", message, cause != null ? " (" + cause.getMessage() + ")" : "");
        return message;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void write(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
