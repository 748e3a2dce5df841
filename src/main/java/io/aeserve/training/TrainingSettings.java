package io.aeserve.training;

/**
 * Validated settings of one training run.
 *
 * @param patience epochs without improvement before stopping early; 0 turns early stopping off
 * @param seed seed of initialisation, shuffling, noise and sampling; null for a random run
 */
public record TrainingSettings(
        int epochs,
        int batchSize,
        OptimizerKind optimizer,
        double learningRate,
        double momentum,
        double weightDecay,
        double validationSplit,
        int patience,
        double minDelta,
        Long seed) {

    public boolean earlyStopping() {
        return patience > 0;
    }
}
