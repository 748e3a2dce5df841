package io.aeserve.model;

import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.VersionScores;
import io.aeserve.table.TableEncoding;
import java.util.List;

/**
 * What a finished run produced: the chosen weights (DJL's parameter format), the normalisation they expect, the
 * history, and the statistics of the training rows' anomaly scores (thresholds, percentile ranks, the Gaussian of
 * their codes).
 *
 * @param initialValidationLoss validation loss of the untrained (or starting) model, for comparison
 * @param bestEpoch the epoch whose weights were kept
 * @param columns how a table's columns became the inputs, fitted on the training rows; null for numeric data
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
        int validationRows,
        TableEncoding columns) {

    /** A model of numeric inputs. */
    public TrainedModel(ModelSpec spec, byte[] parameters, Normalization normalization, List<EpochRecord> history,
            VersionScores scores, Double initialValidationLoss, int bestEpoch, int trainingRows, int validationRows) {
        this(spec, parameters, normalization, history, scores, initialValidationLoss, bestEpoch, trainingRows,
                validationRows, null);
    }

    /** The same model, its inputs encoded from a table's columns. */
    public TrainedModel withColumns(TableEncoding encoding) {
        return new TrainedModel(spec, parameters, normalization, history, scores, initialValidationLoss, bestEpoch,
                trainingRows, validationRows, encoding);
    }
}
