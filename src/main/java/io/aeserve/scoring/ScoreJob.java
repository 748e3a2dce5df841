package io.aeserve.scoring;

import io.aeserve.inference.AnomalyThreshold;
import io.aeserve.inference.InferenceService;
import java.time.Instant;
import java.util.List;

/** One score job: what it scores with, fixed when it is submitted, and how far it has come. */
final class ScoreJob {

    final String id;
    final String model;
    final int version;
    final String dataset;
    final String split;
    final InferenceService.RowQuery query;
    final AnomalyThreshold threshold;
    final List<String> columns;
    final int rows;
    private final Instant createdAt = Instant.now();
    private ScoreJobState state = ScoreJobState.QUEUED;
    private int rowsDone;
    private long flagged;
    private String error;
    private Instant startedAt;
    private Instant finishedAt;
    private volatile boolean cancelRequested;

    ScoreJob(String id, String model, int version, String dataset, String split, InferenceService.RowQuery query,
            AnomalyThreshold threshold, List<String> columns, int rows) {
        this.id = id;
        this.model = model;
        this.version = version;
        this.dataset = dataset;
        this.split = split;
        this.query = query;
        this.threshold = threshold;
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    /** Starts the job unless it was cancelled while it waited; returns whether it may run. */
    synchronized boolean start() {
        if (state != ScoreJobState.QUEUED) {
            return false;
        }
        state = ScoreJobState.RUNNING;
        startedAt = Instant.now();
        return true;
    }

    synchronized void progress(int rows, long flaggedRows) {
        rowsDone += rows;
        flagged += flaggedRows;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Asks the job to stop: a queued job is cancelled at once, a running one at its next batch. */
    synchronized void cancel() {
        cancelRequested = true;
        if (state == ScoreJobState.QUEUED) {
            finish(ScoreJobState.CANCELLED, null);
        }
    }

    synchronized void finish(ScoreJobState finalState, String message) {
        if (state.finished()) {
            return;
        }
        state = finalState;
        error = message;
        finishedAt = Instant.now();
    }

    synchronized ScoreJobState state() {
        return state;
    }

    /** The job as the API shows it; {@code as} overrides the state (the view stored with succeeded results). */
    synchronized ScoreJobResponse view(ScoreJobState as) {
        ScoreJobState shown = as != null ? as : state;
        Instant finished = as != null ? Instant.now() : finishedAt;
        double seconds = startedAt == null ? 0
                : ((finished != null ? finished : Instant.now()).toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
        return new ScoreJobResponse(id, model, version, dataset, split, query.score(), threshold, columns, shown, rows,
                rowsDone, flagged, seconds > 0 ? Math.round(rowsDone / seconds) : 0, error, createdAt, startedAt,
                finished);
    }
}
