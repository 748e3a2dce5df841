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
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models and their immutable versions. The index lives in memory, read from the metadata at start-up and again
 * whenever another replica changed it ({@link #refresh}). Versions, promotions and deletions are stored before they
 * show here; a new model's name is reserved first (so a concurrent create of the same name gets 409) and released
 * again when it cannot be stored. Changes to one model are serialised on it; a refresh waits for changes under way
 * and holds new ones back while it applies what it read, so it never undoes one of them.
 */
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final RegistryMetadata metadata;
    private final VersionFiles files;
    private final StorageQuota quota;
    private final ConcurrentHashMap<String, Entry> models = new ConcurrentHashMap<>();
    private final ReadWriteLock refreshLock = new ReentrantReadWriteLock();
    private volatile List<String> problems = List.of();
    private long revision;
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

    ModelRegistry(RegistryMetadata metadata, VersionFiles files, StorageQuota quota) {
        this.metadata = metadata;
        this.files = files;
        this.quota = quota;
        files.removeLeftovers();
        refresh(true);
        log.info("Model store holds {} models; {} problems", models.size(), problems.size());
    }

    /**
     * Takes in what other replicas changed since the last look: new and deleted models and versions, promotions,
     * descriptions. Removal listeners hear of what was deleted. Cheap when nothing changed.
     */
    public void refresh() {
        refresh(false);
    }

    private void refresh(boolean always) {
        refreshLock.writeLock().lock();
        try {
            long now = metadata.revision();
            if (!always && now == revision) {
                return;
            }
            RegistryMetadata.Snapshot snapshot = metadata.read();
            List<Runnable> removals = new ArrayList<>();
            Map<String, Entry> seen = new java.util.HashMap<>();
            for (RegistryMetadata.StoredModel stored : snapshot.models()) {
                String name = stored.record().name();
                Entry entry = models.get(name);
                if (entry == null || !entry.record.createdAt().equals(stored.record().createdAt())) {
                    if (entry != null) {
                        removals.add(() -> removalListeners.forEach(listener -> listener.removed(name, null)));
                    }
                    entry = new Entry(stored.record(), stored.servingVersion());
                    models.put(name, entry);
                }
                seen.put(name, entry);
                for (Integer gone : entry.replace(stored)) {
                    removals.add(() -> removalListeners.forEach(listener -> listener.removed(name, gone)));
                }
            }
            for (String name : List.copyOf(models.keySet())) {
                if (!seen.containsKey(name)) {
                    models.remove(name);
                    removals.add(() -> removalListeners.forEach(listener -> listener.removed(name, null)));
                }
            }
            problems = List.copyOf(snapshot.problems());
            revision = now;
            removals.forEach(Runnable::run);
        } finally {
            refreshLock.writeLock().unlock();
        }
    }

    /** Runs a change to the metadata and the index, never while a refresh applies what it read. */
    private <T> T change(java.util.function.Supplier<T> change) {
        refreshLock.readLock().lock();
        try {
            return change.get();
        } finally {
            refreshLock.readLock().unlock();
        }
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
        return change(() -> {
            Entry entry = new Entry(record, null);
            if (models.putIfAbsent(record.name(), entry) != null) {
                throw new ConflictException("model '" + record.name() + "' already exists");
            }
            synchronized (entry) {
                try {
                    metadata.createModel(record);
                } catch (RuntimeException e) {
                    models.remove(record.name(), entry);
                    throw e;
                }
            }
            return record;
        });
    }

    public List<ModelView> list() {
        return models.values().stream().map(Entry::view)
                .sorted(Comparator.comparing(view -> view.record().name())).toList();
    }

    public ModelView get(String name) {
        catchUp(name, null);
        return entry(name).view();
    }

    public Optional<ModelRecord> find(String name) {
        catchUp(name, null);
        return Optional.ofNullable(models.get(name)).map(entry -> entry.record);
    }

    public ModelRecord update(String name, String description, Map<String, String> tags) {
        catchUp(name, null);
        return change(() -> {
            Entry entry = entry(name);
            synchronized (entry) {
                ModelRecord old = entry.record;
                ModelRecord updated = new ModelRecord(old.name(),
                        description != null ? description : old.description(), tags != null ? tags : old.tags(),
                        old.spec(), old.createdAt());
                metadata.updateModel(updated);
                entry.record = updated;
                return updated;
            }
        });
    }

    public void onVersionsRemoved(RemovalListener listener) {
        removalListeners.add(listener);
    }

    public void guardDeletion(DeletionGuard guard) {
        deletionGuards.add(guard);
    }

    public void delete(String name) {
        catchUp(name, null);
        change(() -> {
            Entry entry = entry(name);
            List<VersionManifest> versions;
            synchronized (entry) {
                for (DeletionGuard guard : deletionGuards) {
                    String objection = guard.objection(name);
                    if (objection != null) {
                        throw new ConflictException("model '" + name + "' cannot be deleted now: " + objection);
                    }
                }
                versions = entry.view().versions();
                metadata.deleteModel(name);
                models.remove(name, entry);
            }
            // the version folders go one by one: with metadata in a database, no folder holds the model's
            versions.forEach(version -> files.delete(name, version.version()));
            files.delete(name, null);
            return null;
        });
        removalListeners.forEach(listener -> listener.removed(name, null));
    }

    /** The version served when a request names none: the promoted one, else the newest. */
    public Optional<Integer> servingVersion(String name) {
        catchUp(name, null);
        Optional<Integer> serving = entry(name).servingVersion();
        if (serving.isEmpty()) {
            refresh(); // another replica may have written its first version a moment ago
            serving = entry(name).servingVersion();
        }
        return serving;
    }

    public VersionManifest manifest(String name, int version) {
        catchUp(name, version);
        return knownManifest(name, version);
    }

    private VersionManifest knownManifest(String name, int version) {
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
        ensureRoomFor(trained);
        catchUp(name, null);
        return change(() -> {
            Entry entry = entry(name);
            synchronized (entry) {
                if (models.get(name) != entry) {
                    throw new NotFoundException("model", name);
                }
                int next = metadata.allocateVersion(name);
                VersionManifest draft = new VersionManifest(name, next, Instant.now(), jobId, fromVersion, dataset,
                        metrics, Map.of());
                VersionManifest written = files.write(draft, trained);
                try {
                    metadata.addVersion(written);
                } catch (RuntimeException e) {
                    files.delete(name, next);
                    throw e;
                }
                entry.put(written);
                return written;
            }
        });
    }

    /** Throws {@link io.aeserve.error.StorageFullException} (507) when the version would not fit the quota. */
    public void ensureRoomFor(TrainedModel trained) {
        quota.ensureRoomFor(VersionFiles.bytesOf(trained));
    }

    /**
     * Reads a version back. A version deleted while it is read is a 404 like any other missing version: its
     * files vanish under the reader, which fails; what the index says once the delete is done decides.
     */
    public StoredVersion load(String name, int version) {
        manifest(name, version);
        try {
            return files.read(name, version);
        } catch (CorruptVersionException e) {
            refresh(); // another replica may have deleted it
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
        catchUp(name, version);
        return change(() -> {
            Entry entry = entry(name);
            synchronized (entry) {
                knownManifest(name, version);
                metadata.setServing(name, version);
                entry.pinned = version;
                return entry.view();
            }
        });
    }

    /**
     * Stores the default threshold of one score of a version, replacing the one there; null removes it. The caller
     * has checked the rule and its value.
     */
    public void setThreshold(String name, int version, String score, VersionThreshold threshold) {
        catchUp(name, version);
        change(() -> {
            Entry entry = entry(name);
            synchronized (entry) {
                knownManifest(name, version);
                metadata.setThreshold(name, version, score, threshold);
                entry.putThreshold(version, score, threshold);
                return null;
            }
        });
    }

    /** The default thresholds stored with a version, by score; empty when there are none. */
    public Map<String, VersionThreshold> thresholds(String name, int version) {
        catchUp(name, version);
        return entry(name).thresholds(version);
    }

    public void deleteVersion(String name, int version, boolean force) {
        catchUp(name, version);
        change(() -> {
            Entry entry = entry(name);
            synchronized (entry) {
                knownManifest(name, version);
                Optional<Integer> serving = entry.servingVersion();
                if (serving.isPresent() && serving.get() == version && !force) {
                    throw new ConflictException("version " + version + " of '" + name
                            + "' is being served; promote another version first or delete with ?force=true");
                }
                metadata.deleteVersion(name, version);
                entry.remove(version);
                if (entry.pinned != null && entry.pinned == version) {
                    metadata.setServing(name, null);
                    entry.pinned = null;
                }
            }
            files.delete(name, version);
            return null;
        });
        removalListeners.forEach(listener -> listener.removed(name, version));
    }

    /**
     * Takes in other replicas' changes first when this replica does not know the model or version yet, so what one
     * replica just created is found on another at once. Never called while a change holds the refresh lock.
     */
    private void catchUp(String name, Integer version) {
        Entry entry = models.get(name);
        if (entry == null || (version != null && entry.version(version) == null)) {
            refresh();
        }
    }

    private Entry entry(String name) {
        Entry entry = models.get(name);
        if (entry == null) {
            throw new NotFoundException("model", name);
        }
        return entry;
    }

    /** A model with its versions and their stored thresholds (by version, then score), as the API shows it. */
    public record ModelView(ModelRecord record, Optional<Integer> servingVersion, List<VersionManifest> versions,
            Map<Integer, Map<String, VersionThreshold>> thresholds) {}

    private static final class Entry {
        private volatile ModelRecord record;
        private volatile Integer pinned;
        private final NavigableMap<Integer, VersionManifest> versions = new TreeMap<>();
        private final Map<Integer, Map<String, VersionThreshold>> thresholds = new TreeMap<>();

        Entry(ModelRecord record, Integer pinned) {
            this.record = record;
            this.pinned = pinned;
        }

        synchronized void put(VersionManifest manifest) {
            versions.put(manifest.version(), manifest);
        }

        synchronized void remove(int version) {
            versions.remove(version);
            thresholds.remove(version);
        }

        synchronized void putThreshold(int version, String score, VersionThreshold threshold) {
            Map<String, VersionThreshold> scores = new TreeMap<>(thresholds.getOrDefault(version, Map.of()));
            if (threshold != null) {
                scores.put(score, threshold);
            } else {
                scores.remove(score);
            }
            if (scores.isEmpty()) {
                thresholds.remove(version);
            } else {
                thresholds.put(version, Map.copyOf(scores));
            }
        }

        synchronized Map<String, VersionThreshold> thresholds(int version) {
            return thresholds.getOrDefault(version, Map.of());
        }

        /** Takes the stored state in; returns the versions it no longer has. */
        synchronized List<Integer> replace(RegistryMetadata.StoredModel stored) {
            record = stored.record();
            pinned = stored.servingVersion();
            List<Integer> gone = new ArrayList<>(versions.keySet());
            versions.clear();
            stored.versions().forEach(version -> versions.put(version.version(), version));
            thresholds.clear();
            stored.thresholds().forEach((version, scores) -> thresholds.put(version, Map.copyOf(scores)));
            gone.removeAll(versions.keySet());
            return gone;
        }

        synchronized VersionManifest version(int version) {
            return versions.get(version);
        }

        synchronized Optional<Integer> servingVersion() {
            return pinned != null && versions.containsKey(pinned) ? Optional.of(pinned)
                    : versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastKey());
        }

        synchronized ModelView view() {
            return new ModelView(record, servingVersion(), new ArrayList<>(versions.values()),
                    new TreeMap<>(thresholds));
        }
    }
}
