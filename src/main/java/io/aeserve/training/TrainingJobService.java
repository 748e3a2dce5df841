package io.aeserve.training;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.DataSelection;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.registry.ModelRecord;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.web.LimitsProperties;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Accepts training jobs and hands them to the job board. The epochs, the model's spec, the data and the starting
 * weights are checked before a job is accepted, so a bad request never becomes a job.
 *
 * <p>A model cannot be deleted while a job for it is being submitted, queued or running: the deletion guard sees a
 * submission before it reads the model's spec. A job whose model was nevertheless replaced while it trained (a
 * deletion already past its guard when the job was submitted) fails instead of writing a version with the old spec.
 */
public class TrainingJobService {

    private final ModelRegistry registry;
    private final JobRunner runner;
    private final JobBoard board;
    private final LimitsProperties limits;
    /** Names of models with a submission under way, once per submission. */
    private final ConcurrentLinkedQueue<String> submitting = new ConcurrentLinkedQueue<>();

    TrainingJobService(ModelRegistry registry, JobRunner runner, JobBoard board, LimitsProperties limits) {
        this.registry = registry;
        this.runner = runner;
        this.board = board;
        this.limits = limits;
        registry.guardDeletion(model -> submitting.contains(model) || board.hasActiveJob(model)
                ? "a training job for it is being submitted, queued or running" : null);
    }

    JobResponse submit(String modelName, TrainRequest request) {
        TrainingSettings settings = request.settings();
        if (settings.epochs() > limits.maxEpochs()) {
            throw new InvalidInputException("epochs", "must be at most " + limits.maxEpochs()
                    + " (aeserve.limits.max-epochs)");
        }
        boolean hasDataset = request.dataset() != null && !request.dataset().isBlank();
        if (hasDataset == (request.data() != null)) {
            throw new InvalidInputException("dataset", "give exactly one of 'dataset' and 'data'");
        }
        // announced before the spec is read, so that a deletion from now on is refused
        submitting.add(modelName);
        try {
            ModelRecord model = registry.find(modelName).orElseThrow(() -> new NotFoundException("model", modelName));
            DataSelection selection = hasDataset
                    ? new DataSelection(request.dataset(), request.split(), request.classes()) : null;
            JobOrder order = new JobOrder(modelName, model.createdAt(), selection, settings, request.fromVersion());
            JobRunner.Run run = runner.prepare(order, hasDataset ? null : inlineRows(request.data()));
            String id = "job-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
            return board.submit(id, run);
        } finally {
            submitting.remove(modelName);
        }
    }

    private static DataMatrix inlineRows(InlineRows rows) {
        if (rows.rows() == 0) {
            throw new InvalidInputException("data", "holds no rows");
        }
        return new DataMatrix(rows.values(), rows.rows(), rows.rowShape(), null);
    }

    JobResponse get(String id) {
        return board.get(id);
    }

    List<JobResponse> list(String model) {
        return board.list(model);
    }

    JobResponse cancel(String id) {
        return board.cancel(id);
    }

    boolean hasActiveJob(String model) {
        return board.hasActiveJob(model);
    }

    TrainingJob job(String id) {
        return board.follow(id);
    }
}
