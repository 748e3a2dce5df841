package io.aeserve.training;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.DataSelection;
import io.aeserve.data.DatasetService;
import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSize;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.ModelRecord;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.registry.StoredVersion;
import io.aeserve.registry.VersionManifest;
import io.aeserve.web.LimitsProperties;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training jobs on a bounded executor with a bounded queue: a job submitted when the queue is full is refused
 * with 429, and a cancelled queued job leaves the queue at once. The model's spec (against the parameter limit),
 * the epochs, the memory of one batch, the data and the starting weights are checked before a job is accepted, so
 * a bad request never becomes a job.
 *
 * <p>A model cannot be deleted while a job for it is being submitted, queued or running: the deletion guard sees a
 * submission before it reads the model's spec. A job whose model was nevertheless replaced while it trained (a
 * deletion already past its guard when the job was submitted) fails instead of writing a version with the old spec.
 */
public class TrainingJobService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobService.class);

    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final TrainingLoop loop;
    private final TrainingProperties properties;
    private final SpecValidator specValidator;
    private final LimitsProperties limits;
    private final TrainingMetrics metrics;
    private final ThreadPoolExecutor executor;
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
    /** Names of models with a submission under way, once per submission. */
    private final ConcurrentLinkedQueue<String> submitting = new ConcurrentLinkedQueue<>();

    TrainingJobService(ModelRegistry registry, DatasetService datasets, TrainingLoop loop,
            TrainingProperties properties, SpecValidator specValidator, LimitsProperties limits,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.registry = registry;
        this.datasets = datasets;
        this.loop = loop;
        this.properties = properties;
        this.specValidator = specValidator;
        this.limits = limits;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 0,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity())), runnable -> {
                    Thread thread = new Thread(runnable, "training-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.metrics = new TrainingMetrics(meters, this::countInState);
        registry.guardDeletion(model -> submitting.contains(model) || hasActiveJob(model)
                ? "a training job for it is being submitted, queued or running" : null);
    }

    JobResponse submit(String modelName, TrainRequest request) {
        TrainingSettings settings = request.settings();
        if (settings.epochs() > limits.maxEpochs()) {
            throw new InvalidInputException("epochs", "must be at most " + limits.maxEpochs()
                    + " (aeserve.limits.max-epochs)");
        }
        // announced before the spec is read, so that a deletion from now on is refused
        submitting.add(modelName);
        try {
            ModelRecord model = registry.find(modelName).orElseThrow(() -> new NotFoundException("model", modelName));
            ModelSpec spec = specValidator.validate(model.spec());
            Map<String, Object> datasetRef = new LinkedHashMap<>();
            DataMatrix data = fitToModel(spec, selectData(request, datasetRef));
            checkBatchMemory(spec, settings, data.rows());
            TrainingLoop.StartingPoint start = startingPoint(modelName, request.fromVersion());
            String id = "job-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
            TrainingJob job = new TrainingJob(id, modelName, datasetRef, request.fromVersion(), settings.epochs());
            jobs.put(id, job);
            try {
                job.attach(executor.submit(() -> run(job, model, spec, data, settings, start)));
            } catch (RejectedExecutionException e) {
                jobs.remove(id);
                throw new CapacityExceededException("The training queue is full (" + properties.queueCapacity()
                        + " jobs wait already); retry later", 30);
            }
            return job.view();
        } finally {
            submitting.remove(modelName);
        }
    }

    /**
     * Refuses a batch whose activations and their gradients would take more than the limit: batch rows x
     * activations per row x 4 bytes x 3 (values, gradients and the optimiser's working copies).
     */
    private void checkBatchMemory(ModelSpec spec, TrainingSettings settings, int rows) {
        int trainingRows = Math.max(1, rows - TrainingRows.validationRows(rows, settings.validationSplit()));
        int batch = Math.min(settings.batchSize(), trainingRows);
        long activations = ModelSize.of(spec).activationsPerRow();
        long bytes = batchBytes(batch, activations);
        long limit = limits.maxBatchMemory().toBytes();
        if (bytes > limit) {
            long fits = Math.max(0, limit / batchBytes(1, activations));
            throw new InvalidInputException("batchSize", "a batch of " + batch + " rows of this model needs about "
                    + bytes + " bytes (" + batch + " rows x " + activations + " activations x 4 bytes x 3); at most "
                    + limit + " are allowed (aeserve.limits.max-batch-memory)"
                    + (fits > 0 ? "; use a batchSize of at most " + fits : "; even one row is too much: use a smaller model"));
        }
    }

    static long batchBytes(long rows, long activationsPerRow) {
        try {
            return Math.multiplyExact(Math.multiplyExact(rows, activationsPerRow), 12L);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    JobResponse get(String id) {
        return job(id).view();
    }

    List<JobResponse> list(String model) {
        return jobs.values().stream().map(TrainingJob::view)
                .filter(view -> model == null || view.model().equals(model))
                .sorted(Comparator.comparing(JobResponse::createdAt).reversed()).toList();
    }

    JobResponse cancel(String id) {
        TrainingJob job = job(id);
        job.cancel();
        // a cancelled queued job gives its place in the queue back now, not when a worker reaches it
        executor.purge();
        return job.view();
    }

    boolean hasActiveJob(String model) {
        return jobs.values().stream().anyMatch(job -> job.model().equals(model) && !job.state().isFinished());
    }

    private void run(TrainingJob job, ModelRecord model, ModelSpec spec, DataMatrix data, TrainingSettings settings,
            TrainingLoop.StartingPoint start) {
        if (!job.start()) {
            return;
        }
        String variant = spec.variant().name().toLowerCase();
        try {
            TrainedModel trained = loop.train(spec, data, settings, start, (record, epochs) -> {
                job.epochFinished(record);
                metrics.epochFinished(job.model(), variant, record);
            }, job::cancelRequested);
            if (!sameModel(model)) {
                job.fail("model '" + job.model() + "' was deleted while the job was submitted; its version was not"
                        + " written");
                return;
            }
            JobResponse view = job.view();
            VersionManifest version = registry.addVersion(job.model(), trained, job.id(), view.fromVersion(),
                    view.dataset(), VersionMetrics.of(trained, settings));
            job.succeed(version.version());
            log.info("Job {} wrote {} version {}", job.id(), job.model(), version.version());
        } catch (CancellationException e) {
            job.cancelled();
        } catch (InvalidInputException e) {
            job.fail(e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("Job {} for {} failed", job.id(), job.model(), e);
            job.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            metrics.jobEnded(job.model());
            prune();
        }
    }

    /** Whether the model is still the one whose spec the job trained (not deleted, nor deleted and created again). */
    private boolean sameModel(ModelRecord trained) {
        return registry.find(trained.name())
                .filter(current -> current.createdAt().equals(trained.createdAt())
                        && current.spec().equals(trained.spec()))
                .isPresent();
    }

    private DataMatrix selectData(TrainRequest request, Map<String, Object> datasetRef) {
        boolean hasDataset = request.dataset() != null && !request.dataset().isBlank();
        boolean hasData = request.data() != null;
        if (hasDataset == hasData) {
            throw new InvalidInputException("dataset", "give exactly one of 'dataset' and 'data'");
        }
        if (hasDataset) {
            datasetRef.put("dataset", request.dataset());
            datasetRef.put("split", request.split() != null ? request.split() : "train");
            if (request.classes() != null && !request.classes().isEmpty()) {
                datasetRef.put("classes", request.classes());
            }
            DataMatrix data = datasets.load(new DataSelection(request.dataset(), request.split(), request.classes()));
            datasetRef.put("rows", data.rows());
            return data;
        }
        InlineRows rows = request.data();
        if (rows.rows() == 0) {
            throw new InvalidInputException("data", "holds no rows");
        }
        datasetRef.put("dataset", "inline");
        datasetRef.put("rows", rows.rows());
        return new DataMatrix(rows.values(), rows.rows(), rows.rowShape(), null);
    }

    private static DataMatrix fitToModel(ModelSpec spec, DataMatrix data) {
        boolean sameShape = data.rowShape().equals(spec.inputShape());
        boolean flatRows = data.rowShape().size() == 1 || spec.inputShape().size() == 1;
        if (!sameShape && !(flatRows && data.width() == spec.inputSize())) {
            throw new InvalidInputException("dataset", "rows have shape " + data.rowShape() + " (" + data.width()
                    + " values); the model takes " + spec.inputShape() + " (" + spec.inputSize() + " values)");
        }
        return sameShape ? data : data.reshape(spec.inputShape());
    }

    private TrainingLoop.StartingPoint startingPoint(String model, Integer fromVersion) {
        if (fromVersion == null) {
            return null;
        }
        try {
            StoredVersion stored = registry.load(model, fromVersion);
            return new TrainingLoop.StartingPoint(stored.parameters(), stored.normalization());
        } catch (NotFoundException e) {
            throw new InvalidInputException("fromVersion", "model '" + model + "' has no version " + fromVersion);
        }
    }

    TrainingJob job(String id) {
        TrainingJob job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException("job", id);
        }
        return job;
    }

    private int countInState(JobState state) {
        return (int) jobs.values().stream().filter(job -> job.state() == state).count();
    }

    private void prune() {
        List<TrainingJob> finished = jobs.values().stream().filter(job -> job.state().isFinished())
                .sorted(Comparator.comparing(job -> job.view().finishedAt())).toList();
        for (int i = 0; i < finished.size() - properties.retainedJobs(); i++) {
            jobs.remove(finished.get(i).id());
        }
    }

    /** Cancels every job and waits briefly for running ones to stop at their next batch. */
    @Override
    public void close() throws InterruptedException {
        jobs.values().forEach(TrainingJob::cancel);
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
