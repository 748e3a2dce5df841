package io.aeserve.scoring;

import io.aeserve.data.DatasetService;
import io.aeserve.data.RowStream;
import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.inference.InferenceService;
import io.aeserve.inference.InputRows;
import io.aeserve.model.ForwardOutput;
import io.aeserve.storage.Npy;
import io.aeserve.storage.StorageQuota;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every row of a dataset as a job: rows stream from the dataset through the model in batches, and each
 * batch's results are written to the store before the next is read, so a job's memory is one batch whatever the
 * dataset's size. Jobs live in the memory of the replica that runs them; the results of succeeded jobs are in the
 * store, where any replica, and this one after a restart, finds them.
 */
class ScoreJobService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScoreJobService.class);
    private static final Pattern ID = Pattern.compile("sj-[0-9a-f]{12}");
    private static final String ENDPOINT = "score-job";

    private final InferenceService inference;
    private final DatasetService datasets;
    private final ScoreResults results;
    private final StorageQuota quota;
    private final ScoreJobProperties properties;
    private final ThreadPoolExecutor executor;
    private final Map<String, ScoreJob> jobs = new LinkedHashMap<>();

    ScoreJobService(InferenceService inference, DatasetService datasets, ScoreResults results, StorageQuota quota,
            ScoreJobProperties properties) {
        this.inference = inference;
        this.datasets = datasets;
        this.results = results;
        this.quota = quota;
        this.properties = properties;
        int threads = Math.max(1, properties.concurrency());
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity())),
                runnable -> {
                    Thread thread = new Thread(runnable, "score-job");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Checks the request on the dataset's first row, so what would fail every batch (a missing version or score, a
     * bad threshold, rows of the wrong width) is a 4xx now, then queues the job on the version this resolved to.
     */
    ScoreJobResponse submit(String model, ScoreJobRequest request) {
        Set<ForwardOutput> outputs = EnumSet.noneOf(ForwardOutput.class);
        if (Boolean.TRUE.equals(request.codes())) {
            outputs.add(ForwardOutput.CODES);
        }
        if (Boolean.TRUE.equals(request.featureErrors())) {
            outputs.add(ForwardOutput.FEATURE_ERRORS);
        }
        String score = request.score() != null && !request.score().isBlank() ? request.score() : "";
        ScoreJobRequest.Threshold threshold = request.threshold();
        InferenceService.RowQuery asked = new InferenceService.RowQuery(outputs, score,
                threshold != null ? threshold.rule() : null, threshold != null ? threshold.value() : null, false);
        int rows;
        InferenceService.RowAnswer probe;
        try (RowStream stream = datasets.stream(request.dataset(), request.split())) {
            rows = stream.rows();
            if (rows == 0) {
                throw new InvalidInputException("dataset", "'" + request.dataset() + "' has no rows");
            }
            float[] first = new float[stream.width()];
            stream.read(first, null);
            probe = inference.query(model, request.version(), InputRows.stored(first, 1, first.length,
                    datasets.tableColumns(request.dataset())), asked,
                    ENDPOINT);
        }
        // every batch uses the version and the threshold the job started with, whatever changes meanwhile
        InferenceService.RowQuery query = new InferenceService.RowQuery(outputs, probe.scored().score(),
                probe.scored().threshold().rule(), probe.scored().threshold().value(), false);
        List<String> columns = new ArrayList<>(List.of("score", "anomaly", "percentile"));
        if (outputs.contains(ForwardOutput.CODES)) {
            for (int i = 0; i < probe.forward().get(ForwardOutput.CODES).length; i++) {
                columns.add("code_" + i);
            }
        }
        if (outputs.contains(ForwardOutput.FEATURE_ERRORS)) {
            for (int i = 0; i < probe.forward().get(ForwardOutput.FEATURE_ERRORS).length; i++) {
                columns.add("error_" + i);
            }
        }
        quota.ensureRoomFor((long) rows * columns.size() * Float.BYTES);
        String id = "sj-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        ScoreJob job = new ScoreJob(id, model, probe.version(), request.dataset(), request.split(), query,
                probe.scored().threshold(), columns, rows);
        synchronized (jobs) {
            jobs.put(id, job);
            forgetOldJobs();
        }
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(id);
            }
            throw new CapacityExceededException("the score job queue is full (" + properties.queueCapacity()
                    + " jobs, aeserve.score-jobs.queue-capacity); try again later", 30);
        }
        return job.view(null);
    }

    /** The jobs this replica knows, newest first. */
    List<ScoreJobResponse> list() {
        List<ScoreJobResponse> newestFirst = new ArrayList<>();
        synchronized (jobs) {
            jobs.values().forEach(job -> newestFirst.add(0, job.view(null)));
        }
        return newestFirst;
    }

    /** A job this replica knows, else the finished job stored with its results. */
    ScoreJobResponse get(String id) {
        ScoreJob job = known(id);
        if (job != null) {
            return job.view(null);
        }
        return results.find(checked(id)).orElseThrow(() -> new NotFoundException("score job", id));
    }

    ScoreJobResponse cancel(String id) {
        ScoreJob job = known(id);
        if (job == null) {
            throw new ConflictException("score job " + checked(id) + " is not running on this replica");
        }
        job.cancel();
        return job.view(null);
    }

    /** The succeeded job whose results are asked for; 409 while it runs, 404 when it has no results. */
    ScoreJobResponse finished(String id) {
        ScoreJobResponse job = get(id);
        if (job.state() != ScoreJobState.SUCCEEDED) {
            throw new ConflictException("score job " + id + " is " + job.state().name().toLowerCase(
                    java.util.Locale.ROOT) + "; results are there once it has succeeded");
        }
        return job;
    }

    /** Removes a finished job's results; 409 while it runs. */
    void delete(String id) {
        ScoreJob job = known(id);
        if (job != null && !job.state().finished()) {
            throw new ConflictException("score job " + id + " is " + job.state().name().toLowerCase(
                    java.util.Locale.ROOT) + "; cancel it first");
        }
        synchronized (jobs) {
            jobs.remove(id);
        }
        if (job == null || job.state() == ScoreJobState.SUCCEEDED) {
            results.delete(checked(id));
        }
    }

    ScoreResults results() {
        return results;
    }

    private ScoreJob known(String id) {
        synchronized (jobs) {
            return jobs.get(id);
        }
    }

    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new NotFoundException("score job", id);
        }
        return id;
    }

    private void forgetOldJobs() {
        int finished = (int) jobs.values().stream().filter(job -> job.state().finished()).count();
        Iterator<ScoreJob> oldest = jobs.values().iterator();
        while (finished > properties.retainedJobs() && oldest.hasNext()) {
            if (oldest.next().state().finished()) {
                oldest.remove();
                finished--;
            }
        }
    }

    private void run(ScoreJob job) {
        if (!job.start()) {
            return;
        }
        try (RowStream rows = datasets.stream(job.dataset, job.split)) {
            results.write(job.id, channel -> writeResults(job, rows, channel), () -> job.view(ScoreJobState.SUCCEEDED));
            job.finish(ScoreJobState.SUCCEEDED, null);
            log.info("Score job {} scored {} rows of {} with {} version {}", job.id, job.rows, job.dataset, job.model,
                    job.version);
        } catch (Cancelled e) {
            job.finish(ScoreJobState.CANCELLED, null);
        } catch (RuntimeException | IOException e) {
            log.warn("Score job {} failed: {}", job.id, e.getMessage());
            job.finish(ScoreJobState.FAILED, e.getMessage());
        }
    }

    private void writeResults(ScoreJob job, RowStream rows, WritableByteChannel channel) throws IOException {
        write(channel, ByteBuffer.wrap(Npy.header(List.of(job.rows, job.columns.size()))));
        int batch = Math.max(1, properties.batchRows());
        int width = rows.width();
        float[] buffer = new float[batch * width];
        ByteBuffer out = ByteBuffer.allocate(batch * job.columns.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        List<io.aeserve.table.TableColumn> table = datasets.tableColumns(job.dataset);
        int count;
        while ((count = rows.read(buffer, null)) > 0) {
            if (job.cancelRequested() || Thread.currentThread().isInterrupted()) {
                throw new Cancelled();
            }
            float[] values = count == batch ? buffer : Arrays.copyOf(buffer, count * width);
            InferenceService.RowAnswer answer = scoreBatch(job, InputRows.stored(values, count, width, table));
            float[] codes = answer.forward().has(ForwardOutput.CODES) ? answer.forward().get(ForwardOutput.CODES) : null;
            float[] errors = answer.forward().has(ForwardOutput.FEATURE_ERRORS)
                    ? answer.forward().get(ForwardOutput.FEATURE_ERRORS) : null;
            int codeWidth = codes != null ? codes.length / count : 0;
            long flagged = 0;
            out.clear();
            for (int r = 0; r < count; r++) {
                boolean anomaly = answer.scored().anomalies()[r];
                flagged += anomaly ? 1 : 0;
                out.putFloat(answer.scored().scores()[r]).putFloat(anomaly ? 1 : 0)
                        .putFloat((float) answer.scored().percentiles()[r]);
                if (codes != null) {
                    out.asFloatBuffer().put(codes, r * codeWidth, codeWidth);
                    out.position(out.position() + codeWidth * Float.BYTES);
                }
                if (errors != null) {
                    out.asFloatBuffer().put(errors, r * width, width);
                    out.position(out.position() + width * Float.BYTES);
                }
            }
            out.flip();
            write(channel, out);
            job.progress(count, flagged);
        }
        if (job.cancelRequested()) {
            throw new Cancelled();
        }
    }

    /** One batch; when the service is busy with requests, the job waits its turn rather than failing. */
    private InferenceService.RowAnswer scoreBatch(ScoreJob job, InputRows rows) {
        while (true) {
            try {
                return inference.query(job.model, job.version, rows, job.query, ENDPOINT);
            } catch (CapacityExceededException busy) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled();
                }
            }
        }
    }

    private static void write(WritableByteChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Stops a job between batches; its unpublished results are removed. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    @Override
    public void close() {
        synchronized (jobs) {
            jobs.values().forEach(ScoreJob::cancel);
        }
        executor.shutdownNow();
    }
}
