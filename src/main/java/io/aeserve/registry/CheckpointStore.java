package io.aeserve.registry;

import io.aeserve.model.EpochRecord;
import io.aeserve.model.Normalization;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.ScoreArray;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.score.VersionScores;
import io.aeserve.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model store on the file system: {@code models/<name>/model.json}, {@code serving.json} and
 * {@code versions/<n>/} holding spec, parameters, normalisation, history, training errors and a manifest with
 * their checksums. A version is written into a temporary folder, flushed, and renamed into place; deletions
 * rename first too. Folders left by a crash ({@code .tmp-*}, {@code .deleted-*}) are removed on start-up.
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
        for (Path folder : children(root)) {
            if (removeLeftover(folder)) {
                continue;
            }
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
            for (Path versionFolder : children(versionsFolder)) {
                if (removeLeftover(versionFolder)) {
                    continue;
                }
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
            for (Path leftover : children(folder)) {
                removeLeftover(leftover);
            }
            versions.sort(Comparator.comparingInt(VersionManifest::version));
            models.add(new ScannedModel(record, readServing(folder), versions, highest));
        }
        return new Scan(models, problems);
    }

    void createModel(ModelRecord record) {
        Path folder = root.resolve(record.name());
        try {
            Files.createDirectories(root);
            Path staging = root.resolve(".tmp-" + UUID.randomUUID());
            Files.createDirectory(staging);
            AtomicFiles.writeSynced(staging.resolve(MODEL_FILE), mapper.writeValueAsBytes(record));
            Files.createDirectory(staging.resolve(VERSIONS));
            if (Files.exists(folder)) {
                AtomicFiles.deleteRecursively(staging);
                throw new IllegalStateException("model folder " + folder + " already exists");
            }
            AtomicFiles.move(staging, folder);
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
        Path staging = modelFolder.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            Map<String, String> checksums = new LinkedHashMap<>();
            checksums.put(SPEC, AtomicFiles.writeSynced(staging.resolve(SPEC), mapper.writeValueAsBytes(trained.spec())));
            checksums.put(PARAMETERS, AtomicFiles.writeSynced(staging.resolve(PARAMETERS), trained.parameters()));
            checksums.put(NORMALIZATION, AtomicFiles.writeSynced(staging.resolve(NORMALIZATION),
                    mapper.writeValueAsBytes(trained.normalization())));
            checksums.put(HISTORY, AtomicFiles.writeSynced(staging.resolve(HISTORY),
                    mapper.writeValueAsBytes(trained.history())));
            for (Map.Entry<String, float[]> array : trained.scores().arrays().entrySet()) {
                String file = array.getKey() + SCORE_ARRAY_SUFFIX;
                checksums.put(file, AtomicFiles.writeSynced(staging.resolve(file), floats(array.getValue())));
            }
            VersionManifest manifest = new VersionManifest(draft.model(), draft.version(), draft.createdAt(),
                    draft.jobId(), draft.fromVersion(), draft.dataset(), draft.metrics(), checksums);
            AtomicFiles.writeSynced(staging.resolve(MANIFEST), mapper.writeValueAsBytes(manifest));
            AtomicFiles.syncDirectory(staging);
            Path target = modelFolder.resolve(VERSIONS).resolve(Integer.toString(draft.version()));
            Files.createDirectories(target.getParent());
            AtomicFiles.move(staging, target);
            AtomicFiles.replace(modelFolder.resolve(COUNTER_FILE),
                    Integer.toString(draft.version()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return manifest;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw e instanceof IOException io ? new UncheckedIOException("Cannot write the version", io)
                    : (RuntimeException) e;
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
                arrays.put(name, ScoreArray.flat(floats(Files.readAllBytes(folder.resolve(file)))));
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
        write(() -> retire(folder, root.resolve(model)));
    }

    void deleteModel(String model) {
        write(() -> retire(root.resolve(model), root));
    }

    /** Renames a folder out of sight first, so a crash mid-delete leaves nothing half visible, then removes it. */
    private void retire(Path folder, Path parent) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Path retired = parent.resolve(".deleted-" + UUID.randomUUID());
        AtomicFiles.move(folder, retired);
        AtomicFiles.deleteRecursively(retired);
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

    private boolean removeLeftover(Path folder) {
        String name = folder.getFileName().toString();
        if (!name.startsWith(".")) {
            return false;
        }
        if (name.startsWith(".tmp-") || name.startsWith(".deleted-")) {
            log.warn("Removing {} left by an interrupted write or delete", folder);
            deleteQuietly(folder);
        }
        return true;
    }

    private static List<Path> children(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(children::add);
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

    static byte[] floats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static void deleteQuietly(Path folder) {
        try {
            AtomicFiles.deleteRecursively(folder);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", folder, e.getMessage());
        }
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
