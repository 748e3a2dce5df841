package io.aeserve.evaluation;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluations of large datasets, run one at a time in the background. They live in the memory of the replica that
 * runs them, the report included, and are forgotten on a restart.
 */
class EvaluationJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EvaluationJobs.class);
    private static final int QUEUE = 8;
    private static final int RETAINED = 100;

    /** An evaluation job as the API shows it; {@code report} once it has succeeded. */
    @Schema(description = "An evaluation running in the background")
    record EvaluationJob(@Schema(example = "ev-5d1e0f3a9b2c") String id, String model, int version,
            @Schema(example = "running") String state, int rows, int rowsDone, String error,
            EvaluationReport report, Instant createdAt, Instant finishedAt) {}

    private final EvaluationService evaluation;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "evaluation");
                thread.setDaemon(true);
                return thread;
            });
    private final Map<String, EvaluationJob> jobs = new LinkedHashMap<>();

    EvaluationJobs(EvaluationService evaluation) {
        this.evaluation = evaluation;
    }

    EvaluationJob submit(String model, int version, EvaluateRequest request, int rows) {
        String id = "ev-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        EvaluationJob queued = new EvaluationJob(id, model, version, "queued", rows, 0, null, null, Instant.now(),
                null);
        put(queued);
        try {
            executor.execute(() -> run(queued, request));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(id);
            }
            throw new CapacityExceededException("the evaluation queue is full (" + QUEUE + " jobs); try again later",
                    30);
        }
        return queued;
    }

    EvaluationJob get(String id) {
        synchronized (jobs) {
            EvaluationJob job = jobs.get(id);
            if (job == null) {
                throw new NotFoundException("evaluation", id);
            }
            return job;
        }
    }

    private void run(EvaluationJob job, EvaluateRequest request) {
        int[] done = {0};
        update(job, "running", 0, null, null);
        try {
            EvaluationReport report = evaluation.evaluate(job.model(), job.version(), request, rows -> {
                done[0] += rows;
                update(job, "running", done[0], null, null);
            });
            update(job, "succeeded", done[0], null, report);
        } catch (RuntimeException e) {
            log.warn("Evaluation {} failed: {}", job.id(), e.getMessage());
            update(job, "failed", done[0], e.getMessage(), null);
        }
    }

    private void update(EvaluationJob job, String state, int rowsDone, String error, EvaluationReport report) {
        boolean finished = !state.equals("running");
        put(new EvaluationJob(job.id(), job.model(), job.version(), state, job.rows(), rowsDone, error, report,
                job.createdAt(), finished ? Instant.now() : null));
    }

    private void put(EvaluationJob job) {
        synchronized (jobs) {
            jobs.put(job.id(), job);
            Iterator<EvaluationJob> oldest = jobs.values().iterator();
            while (jobs.size() > RETAINED && oldest.hasNext()) {
                if (oldest.next().finishedAt() != null) {
                    oldest.remove();
                }
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
