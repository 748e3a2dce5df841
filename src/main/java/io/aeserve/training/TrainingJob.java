package io.aeserve.training;

import io.aeserve.model.EpochRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The mutable state of one job; every change goes through its monitor, and listeners hear of each. Listeners run on
 * the thread that made the change (the training thread, mostly), so they must only take note and return. A job
 * that runs on another replica is followed here through a copy kept up to date with {@link #takeIn}.
 */
final class TrainingJob {

    private final String id;
    private final String model;
    private final Map<String, Object> dataset;
    private final Integer fromVersion;
    private final int epochs;
    private final Instant createdAt;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<TrainingJob> onChange;
    private double secondsSum;
    private volatile boolean cancelRequested;
    private JobState state = JobState.QUEUED;
    private Instant startedAt;
    private Instant finishedAt;
    private Integer version;
    private String error;
    private Future<?> future;

    /** @param onChange told of every change before the listeners, on the same thread (a store of records, say) */
    TrainingJob(String id, String model, Map<String, Object> dataset, Integer fromVersion, int epochs,
            Instant createdAt, Consumer<TrainingJob> onChange) {
        this.id = id;
        this.model = model;
        this.dataset = dataset;
        this.fromVersion = fromVersion;
        this.epochs = epochs;
        this.createdAt = createdAt;
        this.onChange = onChange;
    }

    /** A job as a record shows it, to run it or to follow it here. */
    static TrainingJob of(JobResponse record, Consumer<TrainingJob> onChange) {
        TrainingJob job = new TrainingJob(record.id(), record.model(), record.dataset(), record.fromVersion(),
                record.epochs(), record.createdAt(), onChange);
        job.copy(record);
        return job;
    }

    /** Takes in the job's state from its record, and tells the listeners when it changed. */
    void takeIn(JobResponse record) {
        synchronized (this) {
            if (record.state() == state && record.epoch() == history.size()) {
                return;
            }
            copy(record);
        }
        listeners.forEach(Runnable::run);
    }

    private synchronized void copy(JobResponse record) {
        state = record.state();
        history.clear();
        if (record.history() != null) {
            history.addAll(record.history());
        }
        secondsSum = history.stream().mapToDouble(EpochRecord::seconds).sum();
        startedAt = record.startedAt();
        finishedAt = record.finishedAt();
        version = record.version();
        error = record.error();
    }

    /** Whether any listener follows the job. */
    boolean followed() {
        return !listeners.isEmpty();
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** The queued task; cancelled at once when the job was cancelled before it was attached. */
    synchronized void attach(Future<?> future) {
        this.future = future;
        if (state == JobState.CANCELLED) {
            future.cancel(false);
        }
    }

    synchronized JobState state() {
        return state;
    }

    /** Moves a queued job to running; false when it was cancelled while waiting. */
    boolean start() {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            state = JobState.RUNNING;
            startedAt = Instant.now();
        }
        publish();
        return true;
    }

    void epochFinished(EpochRecord record) {
        synchronized (this) {
            history.add(record);
            secondsSum += record.seconds();
        }
        publish();
    }

    void succeed(int version) {
        finish(JobState.SUCCEEDED, version, null);
    }

    void fail(String reason) {
        finish(JobState.FAILED, null, reason);
    }

    /** Cancels now when queued; asks the loop to stop within a batch when running. False once finished. */
    boolean cancel() {
        synchronized (this) {
            if (state.isFinished()) {
                return false;
            }
            cancelRequested = true;
            if (state != JobState.QUEUED) {
                return true;
            }
            if (future != null) {
                future.cancel(false);
            }
        }
        finish(JobState.CANCELLED, null, null);
        return true;
    }

    void cancelled() {
        finish(JobState.CANCELLED, null, null);
    }

    private void finish(JobState finalState, Integer version, String error) {
        synchronized (this) {
            if (state.isFinished()) {
                return;
            }
            state = finalState;
            this.version = version;
            this.error = error;
            finishedAt = Instant.now();
        }
        publish();
    }

    /** Adds a listener told of every change; false when {@code max} listen already. */
    synchronized boolean listen(Runnable listener, int max) {
        if (listeners.size() >= max) {
            return false;
        }
        listeners.add(listener);
        return true;
    }

    void stopListening(Runnable listener) {
        listeners.remove(listener);
    }

    private void publish() {
        onChange.accept(this);
        listeners.forEach(Runnable::run);
    }

    /**
     * What changed since a listener saw {@code epochsSeen} epochs: the job without its history, and the records of
     * the epochs finished since.
     */
    synchronized Progress progressSince(int epochsSeen) {
        JobResponse job = view(false);
        List<EpochRecord> newEpochs = List.copyOf(history.subList(Math.min(epochsSeen, history.size()),
                history.size()));
        return new Progress(job, newEpochs, history.isEmpty() ? null : history.get(history.size() - 1));
    }

    /** A job without its history, the epochs finished since a listener last looked, and the latest epoch. */
    record Progress(JobResponse job, List<EpochRecord> newEpochs, EpochRecord latestEpoch) {}

    synchronized JobResponse view() {
        return view(true);
    }

    /** The job as the API shows it; without history (null) for event streams, which send epochs one by one. */
    private synchronized JobResponse view(boolean withHistory) {
        EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
        Double eta = null;
        if (last != null && state == JobState.RUNNING) {
            double meanSeconds = secondsSum / history.size();
            eta = meanSeconds * (epochs - history.size());
        }
        return new JobResponse(id, model, state, history.size(), epochs, withHistory ? List.copyOf(history) : null,
                last != null ? last.samplesPerSecond() : null, eta, version, error, createdAt, startedAt,
                finishedAt, dataset, fromVersion);
    }
}
