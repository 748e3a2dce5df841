package io.aeserve.inference;

import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.LoadedModel;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.registry.StoredVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded versions, least recently used first out, bounded by count and by an approximate memory budget. A version
 * is loaded on its first request; concurrent first requests load it once. A load that overlaps the removal of
 * versions (a model or version deleted while its files were being read) is thrown away and done again, so a
 * removed version, or the old weights of a model deleted and created again, never enter the cache.
 */
final class VersionCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VersionCache.class);

    record Key(String model, int version) {}

    /** Reads a stored version: the registry's {@link ModelRegistry#load}. */
    @FunctionalInterface
    interface Loader {
        StoredVersion load(String model, int version);
    }

    /** A request's hold on a loaded version; close it when the request is done. */
    static final class Lease implements AutoCloseable {
        private final ServedVersion served;

        Lease(ServedVersion served) {
            this.served = served;
        }

        ServedVersion served() {
            return served;
        }

        @Override
        public void close() {
            served.release();
        }
    }

    private final Loader registry;
    private final EngineRuntime runtime;
    private final InferenceProperties.Cache limits;
    private final BatchAggregator.Factory batchers;
    private final LinkedHashMap<Key, ServedVersion> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, Object> loadLocks = new ConcurrentHashMap<>();
    private long bytes;
    /** Counts calls to {@link #evict}; a load that saw another count before it read the files is stale. */
    private long removals;

    VersionCache(ModelRegistry registry, EngineRuntime runtime, InferenceProperties.Cache limits,
            BatchAggregator.Factory batchers) {
        this(registry::load, runtime, limits, batchers);
        registry.onVersionsRemoved(this::evict);
    }

    /** A cache on a loader; the caller wires {@link #evict} to the removal of versions. */
    VersionCache(Loader loader, EngineRuntime runtime, InferenceProperties.Cache limits,
            BatchAggregator.Factory batchers) {
        this.registry = loader;
        this.runtime = runtime;
        this.limits = limits;
        this.batchers = batchers;
    }

    Lease lease(String model, int version) {
        Key key = new Key(model, version);
        while (true) {
            ServedVersion served;
            synchronized (this) {
                served = entries.get(key);
            }
            if (served == null) {
                served = load(key);
            }
            if (served.acquire()) {
                return new Lease(served);
            }
            synchronized (this) {
                if (entries.get(key) == served) {
                    entries.remove(key);
                }
            }
        }
    }

    private ServedVersion load(Key key) {
        synchronized (loadLocks.computeIfAbsent(key, k -> new Object())) {
            while (true) {
                long seen;
                synchronized (this) {
                    ServedVersion present = entries.get(key);
                    if (present != null) {
                        return present;
                    }
                    seen = removals;
                }
                ServedVersion served = read(key);
                boolean stale;
                List<ServedVersion> evicted = new ArrayList<>();
                synchronized (this) {
                    stale = removals != seen;
                    if (!stale) {
                        entries.put(key, served);
                        bytes += served.bytes();
                        Iterator<Map.Entry<Key, ServedVersion>> eldest = entries.entrySet().iterator();
                        while (entries.size() > 1 && (entries.size() > limits.maxVersions()
                                || bytes > limits.memoryBudget().toBytes()) && eldest.hasNext()) {
                            Map.Entry<Key, ServedVersion> entry = eldest.next();
                            if (entry.getKey().equals(key)) {
                                continue;
                            }
                            eldest.remove();
                            bytes -= entry.getValue().bytes();
                            evicted.add(entry.getValue());
                        }
                    }
                }
                evicted.forEach(version -> {
                    log.info("Unloading {} version {} (cache limits)", version.model(), version.version());
                    version.retire();
                });
                if (!stale) {
                    log.info("Loaded {} version {}", key.model(), key.version());
                    return served;
                }
                log.info("Loading {} version {} again: versions were removed while it loaded", key.model(),
                        key.version());
                served.retire();
            }
        }
    }

    private ServedVersion read(Key key) {
        StoredVersion stored = registry.load(key.model(), key.version());
        LoadedModel loaded = new LoadedModel(stored.spec(), stored.parameters(), stored.normalization(),
                runtime.device(), runtime.engine().getEngineName());
        return new ServedVersion(key.model(), stored, loaded, batchers);
    }

    /** Unloads versions of a model: one, or all when version is null. */
    void evict(String model, Integer version) {
        List<ServedVersion> removed = new ArrayList<>();
        synchronized (this) {
            removals++;
            entries.entrySet().removeIf(entry -> {
                boolean match = entry.getKey().model().equals(model)
                        && (version == null || entry.getKey().version() == version);
                if (match) {
                    bytes -= entry.getValue().bytes();
                    removed.add(entry.getValue());
                }
                return match;
            });
        }
        removed.forEach(ServedVersion::retire);
    }

    synchronized List<Key> loaded() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public void close() {
        List<ServedVersion> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
            bytes = 0;
        }
        all.forEach(ServedVersion::retire);
    }
}
