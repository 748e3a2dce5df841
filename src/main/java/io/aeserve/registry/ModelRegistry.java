package io.aeserve.registry;

import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.model.TrainedModel;
import io.aeserve.storage.StorageQuota;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models and their immutable versions. The index lives in memory, rebuilt from the checkpoint store at start-up.
 * Versions, promotions and deletions are written to disk before they show here; a new model's name is reserved
 * first (so a concurrent create of the same name gets 409) and released again when its folder cannot be written.
 * Changes to one model are serialised on it.
 */
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final CheckpointStore store;
    private final StorageQuota quota;
    private final ConcurrentHashMap<String, Entry> models = new ConcurrentHashMap<>();
    private final List<String> problems;
    private final List<DeletionGuard> deletionGuards = new CopyOnWriteArrayList<>();
    private final List<RemovalListener> removalListeners = new CopyOnWriteArrayList<>();

    /** Says why a model may not be deleted now (a job training it, say), or null when it may. */
    @FunctionalInterface
    public interface DeletionGuard {
        String objection(String model);
    }

    /** Told after versions are deleted: one version, or all of a model's (version null). */
    @FunctionalInterface
    public interface RemovalListener {
        void removed(String model, Integer version);
    }

    ModelRegistry(CheckpointStore store, StorageQuota quota) {
        this.store = store;
        this.quota = quota;
        CheckpointStore.Scan scan = store.scan();
        for (CheckpointStore.ScannedModel scanned : scan.models()) {
            Entry entry = new Entry(scanned.record(), scanned.servingVersion());
            scanned.versions().forEach(v -> entry.versions.put(v.version(), v));
            entry.highestVersion = scanned.highestVersion();
            models.put(scanned.record().name(), entry);
        }
        this.problems = List.copyOf(scan.problems());
        log.info("Model store holds {} models; {} problems", models.size(), problems.size());
    }

    /** Everything start-up could not read; reported in health, never deleted. */
    public List<String> problems() {
        return problems;
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit");
        }
    }

    public ModelRecord create(ModelRecord record) {
        checkName(record.name());
        Entry entry = new Entry(record, null);
        if (models.putIfAbsent(record.name(), entry) != null) {
            throw new ConflictException("model '" + record.name() + "' already exists");
        }
        synchronized (entry) {
            try {
                store.createModel(record);
            } catch (RuntimeException e) {
                models.remove(record.name(), entry);
                throw e;
            }
        }
        return record;
    }

    public List<ModelView> list() {
        return models.values().stream().map(Entry::view)
                .sorted(Comparator.comparing(view -> view.record().name())).toList();
    }

    public ModelView get(String name) {
        return entry(name).view();
    }

    public Optional<ModelRecord> find(String name) {
        return Optional.ofNullable(models.get(name)).map(entry -> entry.record);
    }

    public ModelRecord update(String name, String description, Map<String, String> tags) {
        Entry entry = entry(name);
        synchronized (entry) {
            ModelRecord old = entry.record;
            ModelRecord updated = new ModelRecord(old.name(), description != null ? description : old.description(),
                    tags != null ? tags : old.tags(), old.spec(), old.createdAt());
            store.updateModel(updated);
            entry.record = updated;
            return updated;
        }
    }

    public void onVersionsRemoved(RemovalListener listener) {
        removalListeners.add(listener);
    }

    public void guardDeletion(DeletionGuard guard) {
        deletionGuards.add(guard);
    }

    public void delete(String name) {
        Entry entry = entry(name);
        synchronized (entry) {
            for (DeletionGuard guard : deletionGuards) {
                String objection = guard.objection(name);
                if (objection != null) {
                    throw new ConflictException("model '" + name + "' cannot be deleted now: " + objection);
                }
            }
            store.deleteModel(name);
            models.remove(name, entry);
        }
        removalListeners.forEach(listener -> listener.removed(name, null));
    }

    /** The version served when a request names none: the promoted one, else the newest. */
    public Optional<Integer> servingVersion(String name) {
        return entry(name).servingVersion();
    }

    public VersionManifest manifest(String name, int version) {
        VersionManifest manifest = entry(name).version(version);
        if (manifest == null) {
            throw new NotFoundException("version", name + "/" + version);
        }
        return manifest;
    }

    /**
     * Writes a trained model as the model's next version, after asking the storage quota for room (507 without
     * it).
     */
    public VersionManifest addVersion(String name, TrainedModel trained, String jobId, Integer fromVersion,
            Map<String, Object> dataset, Map<String, Object> metrics) {
        Entry entry = entry(name);
        ensureRoomFor(trained);
        synchronized (entry) {
            if (models.get(name) != entry) {
                throw new NotFoundException("model", name);
            }
            int next = entry.highestVersion + 1;
            VersionManifest draft = new VersionManifest(name, next, Instant.now(), jobId, fromVersion, dataset,
                    metrics, Map.of());
            VersionManifest written = store.writeVersion(draft, trained);
            entry.highestVersion = next;
            entry.versions.put(next, written);
            return written;
        }
    }

    /** Throws {@link io.aeserve.error.StorageFullException} (507) when the version would not fit the quota. */
    public void ensureRoomFor(TrainedModel trained) {
        quota.ensureRoomFor(CheckpointStore.bytesOf(trained));
    }

    /**
     * Reads a version back. A version deleted while it is read is a 404 like any other missing version: its
     * files vanish under the reader, which fails; what the index says once the delete is done decides.
     */
    public StoredVersion load(String name, int version) {
        manifest(name, version);
        try {
            return store.readVersion(name, version);
        } catch (CorruptVersionException e) {
            Entry entry = models.get(name);
            if (entry == null) {
                throw new NotFoundException("model", name);
            }
            synchronized (entry) {
                // a delete holds this lock until the index no longer lists the version
                if (models.get(name) != entry || entry.version(version) == null) {
                    throw new NotFoundException("version", name + "/" + version);
                }
            }
            throw e;
        }
    }

    public ModelView promote(String name, int version) {
        Entry entry = entry(name);
        synchronized (entry) {
            manifest(name, version);
            store.writeServing(name, version);
            entry.pinned = version;
            return entry.view();
        }
    }

    public void deleteVersion(String name, int version, boolean force) {
        Entry entry = entry(name);
        synchronized (entry) {
            manifest(name, version);
            Optional<Integer> serving = entry.servingVersion();
            if (serving.isPresent() && serving.get() == version && !force) {
                throw new ConflictException("version " + version + " of '" + name
                        + "' is being served; promote another version first or delete with ?force=true");
            }
            store.deleteVersion(name, version);
            entry.versions.remove(version);
            if (entry.pinned != null && entry.pinned == version) {
                store.writeServing(name, null);
                entry.pinned = null;
            }
        }
        removalListeners.forEach(listener -> listener.removed(name, version));
    }

    private Entry entry(String name) {
        Entry entry = models.get(name);
        if (entry == null) {
            throw new NotFoundException("model", name);
        }
        return entry;
    }

    /** A model with its versions, as the API shows it. */
    public record ModelView(ModelRecord record, Optional<Integer> servingVersion, List<VersionManifest> versions) {}

    private static final class Entry {
        private volatile ModelRecord record;
        private volatile Integer pinned;
        private int highestVersion;
        private final NavigableMap<Integer, VersionManifest> versions = new TreeMap<>();

        Entry(ModelRecord record, Integer pinned) {
            this.record = record;
            this.pinned = pinned;
        }

        synchronized VersionManifest version(int version) {
            return versions.get(version);
        }

        synchronized Optional<Integer> servingVersion() {
            return pinned != null && versions.containsKey(pinned) ? Optional.of(pinned)
                    : versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastKey());
        }

        synchronized ModelView view() {
            return new ModelView(record, servingVersion(), new ArrayList<>(versions.values()));
        }
    }
}
