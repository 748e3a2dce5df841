package io.aeserve.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.aeserve.data.DatasetService;
import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.schedule.Repeated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Jobs in PostgreSQL, for many replicas. Any replica accepts a job: its record goes to {@code training_jobs} and an
 * execution to db-scheduler's queue, which replicas with a training role ({@code train} or {@code all}) claim from,
 * one job per training thread. The trainer writes the job's record at every change, so every replica answers for
 * it, follows it (a copy here, brought up to date every second) and can cancel it (a flag the trainer reads with its
 * heartbeat). A trainer that dies stops its heartbeat; any replica then fails the job, and since a version is
 * published whole or not at all, nothing half-written stays behind.
 */
final class DatabaseJobBoard implements JobBoard, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseJobBoard.class);
    private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);
    private static final Duration COUNT_CACHE = Duration.ofSeconds(1);
    private static final Duration STREAM_START = Duration.ofSeconds(10);

    private final JdbcJobRecords records;
    private final JobRunner runner;
    private final DatasetService datasets;
    private final TrainingProperties properties;
    private final OneTimeTask<Void> task;
    private final SchedulerClient client;
    private final Scheduler scheduler;
    /** Jobs this replica runs. */
    private final Map<String, TrainingJob> running = new ConcurrentHashMap<>();
    /** Copies of jobs running elsewhere that streams here follow, with when each was made. */
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private volatile Map<JobState, Integer> counts = Map.of();
    private volatile Instant countedAt = Instant.MIN;
    private Repeated rounds;

    DatabaseJobBoard(DataSource dataSource, JdbcJobRecords records, JobRunner runner, DatasetService datasets,
            TrainingProperties properties, Role role) {
        this.records = records;
        this.runner = runner;
        this.datasets = datasets;
        this.properties = properties;
        this.task = Tasks.oneTime("training-job").onDeadExecution(this::deadExecution)
                .execute((instance, context) -> execute(instance.getId()));
        if (role.trains()) {
            this.scheduler = Scheduler.create(dataSource, task)
                    .threads(properties.concurrency())
                    .pollingInterval(FOLLOW_INTERVAL)
                    .heartbeatInterval(properties.heartbeatInterval())
                    .missedHeartbeatsLimit(Math.max(1, properties.missedHeartbeats()))
                    .enableImmediateExecution()
                    .shutdownMaxWait(Duration.ofSeconds(30))
                    .build();
            this.client = scheduler;
        } else {
            this.scheduler = null;
            this.client = SchedulerClient.Builder.create(dataSource, task).build();
        }
    }

    @Override
    public JobResponse submit(String id, JobRunner.Run run) {
        int queued = counts(true).getOrDefault(JobState.QUEUED, 0);
        if (queued >= properties.queueCapacity()) {
            throw new CapacityExceededException("The training queue is full (" + queued + " jobs wait already);"
                    + " retry later", 30);
        }
        if (run.order().dataset() == null) {
            datasets.keepJobRows(id, run.data());
        }
        JobResponse job = new TrainingJob(id, run.model().name(), run.datasetRef(), run.order().fromVersion(),
                run.settings().epochs(), Instant.now(), changed -> {}).view();
        records.add(job, run.order());
        client.schedule(task.instance(id), Instant.now());
        return job;
    }

    /** Runs a claimed job here, unless it was cancelled while it waited. */
    private void execute(String id) {
        JobResponse record = records.find(id).orElse(null);
        if (record == null || record.state() != JobState.QUEUED) {
            return;
        }
        JobOrder order = records.order(id).orElseThrow();
        TrainingJob job = TrainingJob.of(record, this::store);
        running.put(id, job);
        try {
            JobRunner.Run run;
            try {
                run = runner.prepare(order, order.dataset() == null ? datasets.jobRows(id) : null);
            } catch (InvalidInputException | NotFoundException e) {
                // the model, the dataset or the starting version went away while the job waited
                job.fail(e.getMessage());
                return;
            }
            runner.run(job, run);
        } finally {
            recordEnd(job);
            running.remove(id);
            if (order.dataset() == null) {
                datasets.dropJobRows(id);
            }
            records.prune(properties.retainedJobs());
        }
    }

    /**
     * Writes a job's change to its record; a record finished elsewhere (cancelled, failed) stops the job here. A
     * database that does not answer for a moment does not stop training: the next change writes the whole job again.
     */
    private void store(TrainingJob job) {
        boolean stored;
        try {
            stored = records.save(job.view());
        } catch (RuntimeException e) {
            log.warn("Could not record job {} ({}); its next change will", job.id(), e.getMessage());
            return;
        }
        if (!stored && !job.state().isFinished()) {
            job.cancel();
        }
    }

    /**
     * Makes sure the job's end reaches its record, trying again for a few seconds while the database does not
     * answer: a record left running would be failed for a missed heartbeat, though its version may be written.
     */
    private void recordEnd(TrainingJob job) {
        for (int attempt = 1; ; attempt++) {
            try {
                records.save(job.view());
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    log.error("Could not record the end of job {}: {}", job.id(), e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * An execution whose scheduler stopped answering: run it again when its job never started, otherwise forget
     * it (the job itself is failed by {@link JdbcJobRecords#failSilent}).
     */
    private void deadExecution(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        String id = complete.getExecution().taskInstance.getId();
        boolean waiting = records.find(id).map(job -> job.state() == JobState.QUEUED).orElse(false);
        if (waiting) {
            operations.reschedule(complete, Instant.now());
        } else {
            operations.remove();
        }
    }

    @Override
    public JobResponse get(String id) {
        TrainingJob job = running.get(id);
        return job != null ? job.view() : records.find(id).orElseThrow(() -> new NotFoundException("job", id));
    }

    @Override
    public List<JobResponse> list(String model) {
        return records.list(model, properties.retainedJobs());
    }

    @Override
    public JobResponse cancel(String id) {
        JobResponse record = records.requestCancel(id);
        TrainingJob job = running.get(id);
        if (job != null) {
            job.cancel();
            return job.view();
        }
        return record;
    }

    @Override
    public boolean hasActiveJob(String model) {
        return running.values().stream().anyMatch(job -> job.model().equals(model)) || records.hasActive(model);
    }

    @Override
    public TrainingJob follow(String id) {
        TrainingJob job = running.get(id);
        if (job != null) {
            return job;
        }
        return copies.computeIfAbsent(id, key -> new Copy(TrainingJob.of(
                records.find(key).orElseThrow(() -> new NotFoundException("job", key)), changed -> {}),
                Instant.now())).job();
    }

    private record Copy(TrainingJob job, Instant since) {}

    @Override
    public int countInState(JobState state) {
        return counts(false).getOrDefault(state, 0);
    }

    private Map<JobState, Integer> counts(boolean fresh) {
        if (fresh || countedAt.isBefore(Instant.now().minus(COUNT_CACHE))) {
            counts = records.counts();
            countedAt = Instant.now();
        }
        return counts;
    }

    /**
     * Brings the copies streams follow up to date, and forgets those that ended or that nobody has followed for a
     * while (a stream opens a moment after its copy is made).
     */
    private void updateCopies() {
        Instant unfollowedSince = Instant.now().minus(STREAM_START);
        for (Copy copy : copies.values()) {
            TrainingJob job = copy.job();
            records.find(job.id()).ifPresentOrElse(job::takeIn, () -> copies.remove(job.id()));
            if (job.state().isFinished() || (!job.followed() && copy.since().isBefore(unfollowedSince))) {
                copies.remove(job.id(), copy);
            }
        }
    }

    /** Tells the database this trainer's jobs are alive, stops those cancelled elsewhere, fails silent ones. */
    private void heartbeat() {
        for (String id : records.heartbeat(List.copyOf(running.keySet()))) {
            TrainingJob job = running.get(id);
            if (job != null) {
                job.cancel();
            }
        }
        List<String> failed = records.failSilent(properties.heartbeatTimeout());
        if (!failed.isEmpty()) {
            log.warn("Failed jobs {}: their trainer stopped answering", failed);
        }
    }

    @Override
    public synchronized void start() {
        rounds = new Repeated("job-board");
        rounds.every(FOLLOW_INTERVAL, "follow jobs of other replicas", this::updateCopies);
        rounds.every(properties.heartbeatInterval(), "send the heartbeat of this replica's jobs", this::heartbeat);
        if (scheduler != null) {
            scheduler.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (rounds == null) {
            return;
        }
        running.values().forEach(TrainingJob::cancel);
        if (scheduler != null) {
            scheduler.stop();
        }
        rounds.close();
        rounds = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return rounds != null;
    }

    @Override
    public void close() {
        stop();
    }
}
