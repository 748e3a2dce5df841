package io.aeserve.model;

import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.VersionScores;
import java.util.List;

/**
 * What a finished run produced: the chosen weights (DJL's parameter format), the normalisation they expect, the
 * history, and the statistics of the training rows' anomaly scores (thresholds, percentile ranks, the Gaussian of
 * their codes).
 *
 * @param initialValidationLoss validation loss of the untrained (or starting) model, for comparison
 * @param bestEpoch the epoch whose weights were kept
 */
public record TrainedModel(
        ModelSpec spec,
        byte[] parameters,
        Normalization normalization,
        List<EpochRecord> history,
        VersionScores scores,
        Double initialValidationLoss,
        int bestEpoch,
        int trainingRows,
        int validationRows) {}
