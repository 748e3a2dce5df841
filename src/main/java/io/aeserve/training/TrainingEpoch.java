package io.aeserve.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.aeserve.engine.FloatUpload;
import io.aeserve.model.loss.AutoencoderObjective;
import io.aeserve.model.loss.LossTerms;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One pass over the training rows in a fresh shuffle: per batch forward, loss, backward and step, the batch's
 * arrays in a child manager closed after the step. The losses are summed on the device and read once at the end,
 * so no batch waits for its loss to reach the host. Cancellation is checked before every batch.
 */
final class TrainingEpoch {

    /** The mean loss over the epoch's rows, and of each of its terms. */
    record Result(double loss, Map<String, Double> terms) {}

    private final Trainer trainer;
    private final AutoencoderObjective objective;
    private final Corruption corruption;
    private final TrainingRows rows;
    private final Shape rowShape;
    private final Random random;
    private final BooleanSupplier cancelled;
    private final int batchSize;
    private final float[] buffer;

    TrainingEpoch(Trainer trainer, AutoencoderObjective objective, Corruption corruption, TrainingRows rows,
            Shape rowShape, int batchSize, Random random, BooleanSupplier cancelled) {
        this.trainer = trainer;
        this.objective = objective;
        this.corruption = corruption;
        this.rows = rows;
        this.rowShape = rowShape;
        this.random = random;
        this.cancelled = cancelled;
        this.batchSize = Math.min(batchSize, rows.training().length);
        this.buffer = new float[this.batchSize * rows.width()];
    }

    Result run() {
        int[] training = rows.training();
        TrainingRows.shuffle(training, random);
        try (NDManager epochManager = trainer.getManager().newSubManager()) {
            LossSums sums = new LossSums(epochManager);
            for (int from = 0; from < training.length; from += batchSize) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled");
                }
                int n = Math.min(batchSize, training.length - from);
                rows.gather(training, from, n, buffer);
                try (NDManager batchManager = epochManager.newSubManager()) {
                    sums.add(step(FloatUpload.of(batchManager, buffer, 0, n * rows.width(),
                            new Shape(n).addAll(rowShape))), n);
                }
            }
            return sums.means(training.length);
        }
    }

    /** Learns from one batch: the model sees the corrupted rows when there is noise, and is scored on the clean. */
    private LossTerms step(NDArray clean) {
        NDArray input = corruption != null ? corruption.apply(clean) : clean;
        LossTerms terms;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList outputs = trainer.forward(new NDList(input));
            terms = objective.compute(clean, outputs);
            collector.backward(terms.total());
        }
        trainer.step();
        return terms;
    }
}
