package io.aeserve.training;

import io.aeserve.error.NotFoundException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training jobs' records in PostgreSQL ({@code training_jobs}): each job as the API shows it, its order, a cancel
 * request and the heartbeat of its trainer. A finished record is never changed again, so a late write from a trainer
 * cannot undo a cancel or a failure decided elsewhere.
 */
final class JdbcJobRecords {

    private static final String FINISHED = "('succeeded', 'failed', 'cancelled')";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper mapper;

    JdbcJobRecords(DataSource dataSource, JsonMapper mapper) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.mapper = mapper;
    }

    void add(JobResponse job, JobOrder order) {
        jdbc.update("INSERT INTO training_jobs (id, model, state, job, job_order, created_at)"
                + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?)", job.id(), job.model(), name(job.state()),
                mapper.writeValueAsString(job), mapper.writeValueAsString(order), Timestamp.from(job.createdAt()));
    }

    Optional<JobResponse> find(String id) {
        return jdbc.query("SELECT job FROM training_jobs WHERE id = ?", (row, n) -> job(row.getString(1)), id)
                .stream().findFirst();
    }

    Optional<JobOrder> order(String id) {
        return jdbc.query("SELECT job_order FROM training_jobs WHERE id = ?",
                (row, n) -> mapper.readValue(row.getString(1), JobOrder.class), id).stream().findFirst();
    }

    /** Newest first, at most {@code limit}; all models' when {@code model} is null. */
    List<JobResponse> list(String model, int limit) {
        return model == null
                ? jdbc.query("SELECT job FROM training_jobs ORDER BY created_at DESC LIMIT ?",
                        (row, n) -> job(row.getString(1)), limit)
                : jdbc.query("SELECT job FROM training_jobs WHERE model = ? ORDER BY created_at DESC LIMIT ?",
                        (row, n) -> job(row.getString(1)), model, limit);
    }

    /**
     * Stores the job as its trainer has it now; a running job's heartbeat counts from here. False when the record is
     * finished already (cancelled while queued, or failed for a missed heartbeat) or gone.
     */
    boolean save(JobResponse job) {
        return jdbc.update("UPDATE training_jobs SET state = ?, job = ?::jsonb, finished_at = ?,"
                + " heartbeat_at = CASE WHEN ? = 'running' THEN now() ELSE heartbeat_at END"
                + " WHERE id = ? AND state NOT IN " + FINISHED, name(job.state()), mapper.writeValueAsString(job),
                job.finishedAt() != null ? Timestamp.from(job.finishedAt()) : null, name(job.state()), job.id()) == 1;
    }

    /**
     * Asks for a job to stop: a queued one is cancelled at once, a running one is flagged for its trainer, which
     * learns of it with its next heartbeat. The job as it is then.
     */
    JobResponse requestCancel(String id) {
        return transactions.execute(status -> {
            List<JobResponse> found = jdbc.query("SELECT job FROM training_jobs WHERE id = ? FOR UPDATE",
                    (row, n) -> job(row.getString(1)), id);
            if (found.isEmpty()) {
                throw new NotFoundException("job", id);
            }
            JobResponse job = found.get(0);
            if (job.state() == JobState.QUEUED) {
                JobResponse cancelled = finished(job, JobState.CANCELLED, null);
                jdbc.update("UPDATE training_jobs SET state = 'cancelled', job = ?::jsonb, finished_at = ?"
                        + " WHERE id = ?", mapper.writeValueAsString(cancelled),
                        Timestamp.from(cancelled.finishedAt()), id);
                return cancelled;
            }
            if (job.state() == JobState.RUNNING) {
                jdbc.update("UPDATE training_jobs SET cancel_requested = true WHERE id = ?", id);
            }
            return job;
        });
    }

    /** Marks the running jobs of this trainer alive; returns those a replica asked to cancel. */
    List<String> heartbeat(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE training_jobs"
                    + " SET heartbeat_at = now() WHERE id = ANY (?) AND state = 'running'"
                    + " RETURNING id, cancel_requested")) {
                statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
                List<String> cancelled = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getBoolean(2)) {
                            cancelled.add(rows.getString(1));
                        }
                    }
                }
                return cancelled;
            }
        });
    }

    /** Fails running jobs whose trainer has been silent for longer than {@code timeout}; returns their ids. */
    List<String> failSilent(Duration timeout) {
        return transactions.execute(status -> {
            List<JobResponse> silent = jdbc.query("SELECT job FROM training_jobs WHERE state = 'running'"
                    + " AND heartbeat_at < now() - ? * interval '1 millisecond' FOR UPDATE SKIP LOCKED",
                    (row, n) -> job(row.getString(1)), timeout.toMillis());
            for (JobResponse job : silent) {
                JobResponse failed = finished(job, JobState.FAILED, "the replica training it stopped answering (no"
                        + " heartbeat for " + timeout.toSeconds() + " s); no version was written");
                jdbc.update("UPDATE training_jobs SET state = 'failed', job = ?::jsonb, finished_at = ? WHERE id = ?",
                        mapper.writeValueAsString(failed), Timestamp.from(failed.finishedAt()), job.id());
            }
            return silent.stream().map(JobResponse::id).toList();
        });
    }

    boolean hasActive(String model) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM training_jobs WHERE model = ?"
                + " AND state IN ('queued', 'running'))", Boolean.class, model));
    }

    Map<JobState, Integer> counts() {
        Map<String, Integer> byName = new HashMap<>();
        jdbc.query("SELECT state, count(*) FROM training_jobs GROUP BY state",
                row -> { byName.put(row.getString(1), row.getInt(2)); });
        Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, byName.getOrDefault(name(state), 0));
        }
        return counts;
    }

    /** Removes finished records beyond the newest {@code retained}. */
    void prune(int retained) {
        jdbc.update("DELETE FROM training_jobs WHERE id IN (SELECT id FROM training_jobs WHERE state IN " + FINISHED
                + " ORDER BY finished_at DESC OFFSET ?)", retained);
    }

    private JobResponse job(String json) {
        return mapper.readValue(json, JobResponse.class);
    }

    private static JobResponse finished(JobResponse job, JobState state, String error) {
        return new JobResponse(job.id(), job.model(), state, job.epoch(), job.epochs(), job.history(),
                job.samplesPerSecond(), null, null, error, job.createdAt(), job.startedAt(), Instant.now(),
                job.dataset(), job.fromVersion());
    }

    private static String name(JobState state) {
        return state.name().toLowerCase();
    }
}
