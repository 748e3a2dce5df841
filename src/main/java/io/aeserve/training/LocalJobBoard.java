package io.aeserve.training;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.NotFoundException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jobs in this replica's memory, run on a bounded executor with a bounded queue: a job submitted when the queue is
 * full is refused with 429, and a cancelled queued job leaves the queue at once. Records go with a restart.
 */
final class LocalJobBoard implements JobBoard {

    private final JobRunner runner;
    private final TrainingProperties properties;
    private final ThreadPoolExecutor executor;
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();

    LocalJobBoard(JobRunner runner, TrainingProperties properties) {
        this.runner = runner;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 0,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity())), runnable -> {
                    Thread thread = new Thread(runnable, "training-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public JobResponse submit(String id, JobRunner.Run run) {
        TrainingJob job = new TrainingJob(id, run.model().name(), run.datasetRef(), run.order().fromVersion(),
                run.settings().epochs(), Instant.now(), changed -> {});
        jobs.put(id, job);
        try {
            job.attach(executor.submit(() -> {
                try {
                    runner.run(job, run);
                } finally {
                    prune();
                }
            }));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw new CapacityExceededException("The training queue is full (" + properties.queueCapacity()
                    + " jobs wait already); retry later", 30);
        }
        return job.view();
    }

    @Override
    public JobResponse get(String id) {
        return follow(id).view();
    }

    @Override
    public List<JobResponse> list(String model) {
        return jobs.values().stream().map(TrainingJob::view)
                .filter(view -> model == null || view.model().equals(model))
                .sorted(Comparator.comparing(JobResponse::createdAt).reversed()).toList();
    }

    @Override
    public JobResponse cancel(String id) {
        TrainingJob job = follow(id);
        job.cancel();
        // a cancelled queued job gives its place in the queue back now, not when a worker reaches it
        executor.purge();
        return job.view();
    }

    @Override
    public boolean hasActiveJob(String model) {
        return jobs.values().stream().anyMatch(job -> job.model().equals(model) && !job.state().isFinished());
    }

    @Override
    public TrainingJob follow(String id) {
        TrainingJob job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException("job", id);
        }
        return job;
    }

    @Override
    public int countInState(JobState state) {
        return (int) jobs.values().stream().filter(job -> job.state() == state).count();
    }

    private void prune() {
        List<TrainingJob> finished = jobs.values().stream().filter(job -> job.state().isFinished())
                .sorted(Comparator.comparing(job -> job.view().finishedAt())).toList();
        for (int i = 0; i < finished.size() - properties.retainedJobs(); i++) {
            jobs.remove(finished.get(i).id());
        }
    }

    @Override
    public void close() throws InterruptedException {
        jobs.values().forEach(TrainingJob::cancel);
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
