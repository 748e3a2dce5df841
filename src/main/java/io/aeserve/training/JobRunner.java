package io.aeserve.training;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.DataSelection;
import io.aeserve.data.DatasetInfo;
import io.aeserve.data.DatasetService;
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
import io.aeserve.table.TableColumn;
import io.aeserve.table.TableEncoding;
import io.aeserve.web.LimitsProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a job ready and runs it, on whichever replica claims it: the model's spec (against the parameter limit), the
 * rows fitted to the model, the memory of one batch and the starting weights are checked before a job is accepted,
 * and again where it runs; a successful run writes the model's next version.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final TrainingLoop loop;
    private final SpecValidator specValidator;
    private final LimitsProperties limits;
    private final TrainingMetrics metrics;

    JobRunner(ModelRegistry registry, DatasetService datasets, TrainingLoop loop, SpecValidator specValidator,
            LimitsProperties limits, TrainingMetrics metrics) {
        this.registry = registry;
        this.datasets = datasets;
        this.loop = loop;
        this.specValidator = specValidator;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** A job checked and ready to run: the model as it was, its rows, and where training starts. */
    record Run(ModelRecord model, ModelSpec spec, DataMatrix data, TrainingSettings settings,
            TrainingLoop.StartingPoint start, JobOrder order, Map<String, Object> datasetRef, TableEncoding columns) {}

    /** Rows as the model takes them, and how a table's columns were encoded into them (null for numbers). */
    private record Inputs(DataMatrix data, TableEncoding columns) {}

    /**
     * Checks an order and gathers what it needs; 400 for anything wrong with it.
     *
     * @param inlineRows the rows that came with the request, or null to read the order's dataset
     */
    Run prepare(JobOrder order, DataMatrix inlineRows) {
        ModelRecord model = registry.find(order.model())
                .filter(found -> order.modelCreatedAt() == null || found.createdAt().equals(order.modelCreatedAt()))
                .orElseThrow(() -> new NotFoundException("model", order.model()));
        ModelSpec spec = specValidator.validate(model.spec());
        Map<String, Object> datasetRef = new LinkedHashMap<>();
        StoredVersion from = fromVersion(order.model(), order.fromVersion());
        Inputs inputs = select(order.dataset(), inlineRows, datasetRef, from != null ? from.columns() : null);
        DataMatrix data = fitToModel(spec, inputs, order.model());
        checkBatchMemory(spec, order.settings(), data.rows());
        TrainingLoop.StartingPoint start = from != null
                ? new TrainingLoop.StartingPoint(from.parameters(), from.normalization()) : null;
        return new Run(model, spec, data, order.settings(), start, order, datasetRef, inputs.columns());
    }

    /** Trains, and writes the version unless the model was replaced meanwhile; the job's state says how it ended. */
    void run(TrainingJob job, Run run) {
        if (!job.start()) {
            return;
        }
        String variant = run.spec().variant().name().toLowerCase();
        try {
            TrainedModel trained = loop.train(run.spec(), run.data(), run.settings(), run.start(), (record, epochs) -> {
                job.epochFinished(record);
                metrics.epochFinished(job.model(), variant, record);
            }, job::cancelRequested);
            if (run.columns() != null) {
                trained = trained.withColumns(run.columns());
            }
            if (!sameModel(run.model())) {
                job.fail("model '" + job.model() + "' was deleted while the job was submitted; its version was not"
                        + " written");
                return;
            }
            JobResponse view = job.view();
            VersionManifest version = registry.addVersion(job.model(), trained, job.id(), view.fromVersion(),
                    view.dataset(), VersionMetrics.of(trained, run.settings()));
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
        }
    }

    /** Whether the model is still the one whose spec the job trained (not deleted, nor deleted and created again). */
    private boolean sameModel(ModelRecord trained) {
        return registry.find(trained.name())
                .filter(current -> current.createdAt().equals(trained.createdAt())
                        && current.spec().equals(trained.spec()))
                .isPresent();
    }

    /**
     * The rows of the order: inline ones as they are, a dataset's as stored, and a table's encoded, by the starting
     * version's encoding when fine-tuning from a version that has one, else by one fitted on these rows.
     */
    private Inputs select(DataSelection selection, DataMatrix inlineRows, Map<String, Object> datasetRef,
            TableEncoding startColumns) {
        if (selection == null) {
            datasetRef.put("dataset", "inline");
            datasetRef.put("rows", inlineRows.rows());
            return new Inputs(inlineRows, startColumns);
        }
        datasetRef.put("dataset", selection.dataset());
        datasetRef.put("split", selection.split() != null ? selection.split() : "train");
        if (selection.classes() != null && !selection.classes().isEmpty()) {
            datasetRef.put("classes", selection.classes());
        }
        DataMatrix data = datasets.load(selection);
        datasetRef.put("rows", data.rows());
        DatasetInfo info = datasets.get(selection.dataset());
        if (!info.isTable()) {
            return new Inputs(data, startColumns);
        }
        TableEncoding columns = startColumns != null ? startColumns
                : TableEncoding.fit(info.columns(), data.values(), data.rows());
        if (!columns.fits(info.columns())) {
            throw new InvalidInputException("fromVersion", "the version was trained on a table with the columns "
                    + columns.columnNames() + "; dataset '" + selection.dataset() + "' has "
                    + info.columns().stream().map(TableColumn::name).toList());
        }
        float[] encoded = columns.encode(info.columns(), data.values(), data.rows());
        return new Inputs(new DataMatrix(encoded, data.rows(), List.of(columns.width()), data.labels()), columns);
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

    private static DataMatrix fitToModel(ModelSpec spec, Inputs inputs, String model) {
        DataMatrix data = inputs.data();
        if (inputs.columns() != null && data.width() != spec.inputSize()) {
            throw new InvalidInputException("dataset", "the table's columns encode to " + data.width() + " inputs ("
                    + inputs.columns().widths() + "); model '" + model + "' takes " + spec.inputSize()
                    + ": create it with \"inputShape\": [" + data.width() + "]");
        }
        boolean sameShape = data.rowShape().equals(spec.inputShape());
        boolean flatRows = data.rowShape().size() == 1 || spec.inputShape().size() == 1;
        if (!sameShape && !(flatRows && data.width() == spec.inputSize())) {
            throw new InvalidInputException("dataset", "rows have shape " + data.rowShape() + " (" + data.width()
                    + " values); the model takes " + spec.inputShape() + " (" + spec.inputSize() + " values)");
        }
        return sameShape ? data : data.reshape(spec.inputShape());
    }

    /** The version to fine-tune from, or null to start afresh. */
    private StoredVersion fromVersion(String model, Integer fromVersion) {
        if (fromVersion == null) {
            return null;
        }
        try {
            return registry.load(model, fromVersion);
        } catch (NotFoundException e) {
            throw new InvalidInputException("fromVersion", "model '" + model + "' has no version " + fromVersion);
        }
    }

}
