package io.aeserve.training;

import ai.djl.ndarray.NDManager;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.Parameters;

/**
 * Follows the monitored loss epoch by epoch. With early stopping on, it keeps the parameters of the best epoch
 * and stops after {@code patience} epochs without an improvement of more than {@code minDelta}; with it off, the
 * last epoch's parameters are kept and that epoch counts as the best.
 */
final class EarlyStopping {

    private final TrainingSettings settings;
    private final AutoencoderBlock block;
    private byte[] best;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;

    EarlyStopping(TrainingSettings settings, AutoencoderBlock block) {
        this.settings = settings;
        this.block = block;
        this.best = settings.earlyStopping() ? Parameters.save(block) : null;
    }

    /** Takes an epoch's monitored loss; true when training should stop here. */
    boolean stopAfter(int epoch, double monitored) {
        if (monitored < bestLoss - settings.minDelta()) {
            bestLoss = monitored;
            bestEpoch = epoch;
            sinceBest = 0;
            if (settings.earlyStopping()) {
                best = Parameters.save(block);
            }
            return false;
        }
        return settings.earlyStopping() && ++sinceBest >= settings.patience();
    }

    /** The parameters the version keeps, loaded back into the block when they are an earlier epoch's. */
    byte[] keep(NDManager manager) {
        if (!settings.earlyStopping()) {
            return Parameters.save(block);
        }
        Parameters.load(block, manager, best);
        return best;
    }

    /** The epoch whose parameters are kept, of the {@code epochsRun} that ran. */
    int bestEpoch(int epochsRun) {
        return settings.earlyStopping() ? bestEpoch : epochsRun;
    }
}
