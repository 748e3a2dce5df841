package io.aeserve.registry;

import io.aeserve.error.ConflictException;
import io.aeserve.error.NotFoundException;
import io.aeserve.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's metadata as files beside the versions, for one replica: {@code models/<name>/model.json},
 * {@code serving.json} (the pinned version), {@code last-version} (the highest number given out) and
 * {@code thresholds-<n>.json} (the default thresholds of version n, by score: versions are immutable folders, so
 * what may change about one sits beside it). A version is
 * listed when its folder is published, so recording it takes nothing more. Start-up reads every version's manifest
 * and checks its files against their checksums.
 */
final class FileRegistryMetadata implements RegistryMetadata {

    private static final Logger log = LoggerFactory.getLogger(FileRegistryMetadata.class);
    static final String SERVING = "serving.json";
    static final String COUNTER = "last-version";
    private static final TypeReference<Map<String, VersionThreshold>> THRESHOLDS = new TypeReference<>() {};

    private final BlobStore blobs;
    private final VersionFiles files;
    private final JsonMapper mapper;

    FileRegistryMetadata(BlobStore blobs, VersionFiles files, JsonMapper mapper) {
        this.blobs = blobs;
        this.files = files;
        this.mapper = mapper;
    }

    @Override
    public Snapshot read() {
        List<StoredModel> models = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : list(VersionFiles.MODELS)) {
            ModelRecord record;
            try {
                record = mapper.readValue(blobs.read(VersionFiles.modelFolder(name) + "/" + VersionFiles.MODEL),
                        ModelRecord.class);
            } catch (IOException | RuntimeException e) {
                problems.add(report("model folder " + name + " has no readable " + VersionFiles.MODEL, e));
                continue;
            }
            List<VersionManifest> versions = new ArrayList<>();
            Map<Integer, Map<String, VersionThreshold>> thresholds = new TreeMap<>();
            int highest = readCounter(name);
            for (String folder : list(VersionFiles.versionsFolder(name))) {
                if (!folder.matches("\\d{1,9}")) {
                    problems.add(report(name + " has a version folder named " + folder + "; it is skipped", null));
                    continue;
                }
                int version = Integer.parseInt(folder);
                highest = Math.max(highest, version);
                try {
                    versions.add(files.verify(name, version));
                    Map<String, VersionThreshold> stored = readThresholds(name, version, problems);
                    if (!stored.isEmpty()) {
                        thresholds.put(version, stored);
                    }
                } catch (CorruptVersionException e) {
                    problems.add(report(name + " version " + folder + " is skipped: " + e.getMessage(), null));
                }
            }
            versions.sort(Comparator.comparingInt(VersionManifest::version));
            models.add(new StoredModel(record, readServing(name), versions, highest, thresholds));
        }
        return new Snapshot(models, problems);
    }

    /** Only this replica writes the folder, so nothing changes unseen. */
    @Override
    public long revision() {
        return 0;
    }

    @Override
    public void createModel(ModelRecord record) {
        try (BlobStore.Batch batch = blobs.create(VersionFiles.modelFolder(record.name()))) {
            batch.write(VersionFiles.MODEL, mapper.writeValueAsBytes(record));
            batch.publish();
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("model '" + record.name() + "' already exists");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create model " + record.name(), e);
        }
    }

    @Override
    public void updateModel(ModelRecord record) {
        put(VersionFiles.modelFolder(record.name()) + "/" + VersionFiles.MODEL, mapper.writeValueAsBytes(record));
    }

    @Override
    public void deleteModel(String name) {
        files.delete(name, null);
    }

    @Override
    public int allocateVersion(String model) {
        int next = Math.max(readCounter(model), highestFolder(model)) + 1;
        put(VersionFiles.modelFolder(model) + "/" + COUNTER, Integer.toString(next).getBytes(StandardCharsets.US_ASCII));
        return next;
    }

    /** The version's published folder is its record. */
    @Override
    public void addVersion(VersionManifest manifest) {}

    @Override
    public void setServing(String model, Integer version) {
        String file = VersionFiles.modelFolder(model) + "/" + SERVING;
        if (version == null) {
            try {
                blobs.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpin the served version of " + model, e);
            }
        } else {
            put(file, mapper.writeValueAsBytes(Map.of("version", version)));
        }
    }

    /** Replaces the version's whole threshold file in one step, so a failed write leaves the old one. */
    @Override
    public void setThreshold(String model, int version, String score, VersionThreshold threshold) {
        try {
            blobs.size(VersionFiles.versionFolder(model, version) + "/" + VersionFiles.MANIFEST);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("version", model + "/" + version);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read version " + version + " of " + model, e);
        }
        String file = thresholdFile(model, version);
        Map<String, VersionThreshold> thresholds = new TreeMap<>(readThresholds(model, version, new ArrayList<>()));
        if (threshold != null) {
            thresholds.put(score, threshold);
        } else {
            thresholds.remove(score);
        }
        try {
            if (thresholds.isEmpty()) {
                blobs.delete(file);
            } else {
                blobs.put(file, mapper.writeValueAsBytes(thresholds));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    @Override
    public void deleteVersion(String model, int version) {
        files.delete(model, version);
        try {
            blobs.delete(thresholdFile(model, version));
        } catch (IOException e) {
            // version numbers are never given out again, so a file left behind attaches to nothing
            log.warn("Cannot remove the thresholds of {} version {}: {}", model, version, e.getMessage());
        }
    }

    private static String thresholdFile(String model, int version) {
        return VersionFiles.modelFolder(model) + "/thresholds-" + version + ".json";
    }

    /** A version's stored thresholds; an unreadable file is a problem, and the version serves without them. */
    private Map<String, VersionThreshold> readThresholds(String model, int version, List<String> problems) {
        String file = thresholdFile(model, version);
        try {
            return mapper.readValue(blobs.read(file), THRESHOLDS);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            problems.add(report(file + " cannot be read; version " + version + " of " + model
                    + " uses the rules' defaults", e));
            return Map.of();
        }
    }

    private int highestFolder(String model) {
        return list(VersionFiles.versionsFolder(model)).stream().filter(name -> name.matches("\\d{1,9}"))
                .mapToInt(Integer::parseInt).max().orElse(0);
    }

    private int readCounter(String model) {
        try {
            return Integer.parseInt(new String(blobs.read(VersionFiles.modelFolder(model) + "/" + COUNTER),
                    StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Integer readServing(String model) {
        String file = VersionFiles.modelFolder(model) + "/" + SERVING;
        try {
            return mapper.readTree(blobs.read(file)).get("version").asInt();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return null;
        }
    }

    private List<String> list(String folder) {
        try {
            return blobs.folders(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    private void put(String path, byte[] bytes) {
        try {
            blobs.put(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path, e);
        }
    }

    private static String report(String message, Exception cause) {
        log.error("Model store: {}{}", message, cause != null ? " (" + cause.getMessage() + ")" : "");
        return message;
    }
}
