package io.aeserve.inference;

import io.aeserve.model.LoadedModel;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.score.VersionScores;
import java.util.Set;
import io.aeserve.registry.StoredVersion;
import io.aeserve.table.TableEncoding;

/**
 * A loaded version shared by requests. Each request holds a lease; a version unloaded from the cache (evicted,
 * deleted) is retired, and its native memory is freed only when the last lease is returned, so requests in flight
 * always finish on the version they started with.
 */
final class ServedVersion {

    private final String model;
    private final int version;
    private final LoadedModel loaded;
    private final VersionScores scores;
    private final TableEncoding columns;
    private final long bytes;
    private final BatchAggregator batcher;
    private int leases;
    private boolean retired;
    private boolean closed;

    ServedVersion(String model, StoredVersion stored, LoadedModel loaded, BatchAggregator.Factory batchers) {
        this.model = model;
        this.version = stored.manifest().version();
        this.loaded = loaded;
        this.scores = stored.scores();
        this.columns = stored.columns();
        this.bytes = 2L * stored.parameters().length
                + 4L * scores.arrays().values().stream().mapToLong(values -> values.length).sum();
        this.batcher = batchers != null ? batchers.create(model, version, loaded) : null;
    }

    String model() {
        return model;
    }

    int version() {
        return version;
    }

    LoadedModel loaded() {
        return loaded;
    }

    /** The version's anomaly scores. */
    VersionScores scores() {
        return scores;
    }

    /** How a table's columns become the model's inputs; null for a version trained on numbers. */
    TableEncoding columns() {
        return columns;
    }

    long bytes() {
        return bytes;
    }

    /** The forward pass computing the outputs asked for, through the batcher when batching is on. */
    ForwardResult forward(float[] rows, int count, Set<ForwardOutput> wanted) {
        return batcher != null ? batcher.submit(rows, count, wanted) : loaded.forward(rows, count, wanted);
    }

    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        leases++;
        return true;
    }

    void release() {
        boolean close;
        synchronized (this) {
            leases--;
            close = retired && leases == 0 && !closed;
            closed |= close;
        }
        if (close) {
            free();
        }
    }

    void retire() {
        boolean close;
        synchronized (this) {
            retired = true;
            close = leases == 0 && !closed;
            closed |= close;
        }
        if (close) {
            free();
        }
    }

    private void free() {
        if (batcher != null) {
            batcher.close();
        }
        loaded.close();
    }
}
