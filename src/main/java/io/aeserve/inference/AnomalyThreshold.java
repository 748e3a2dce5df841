package io.aeserve.inference;

import io.aeserve.error.InvalidInputException;
import io.aeserve.score.Moments;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A threshold rule, its parameter and the score it resolves to for one version.
 *
 * @param score the threshold in the score's units: rows scoring above it are anomalies
 */
@Schema(description = "The rule used, its parameter, and the threshold score it gave")
public record AnomalyThreshold(ThresholdRule rule, double value, double score) {

    /** Resolves a rule against sorted training scores. */
    static AnomalyThreshold resolve(ThresholdRule rule, Double given, float[] sortedTraining) {
        ThresholdRule chosen = rule != null ? rule : ThresholdRule.PERCENTILE;
        double value = given != null ? given : switch (chosen) {
            case PERCENTILE -> 99;
            case SIGMA -> 3;
            case CONTAMINATION, FPR -> 0.01;
            case FIXED, CALIBRATED -> throw new InvalidInputException("threshold.value", "is required for the "
                    + chosen.key() + " rule");
        };
        double score = switch (chosen) {
            case PERCENTILE -> {
                check(value > 0 && value <= 100, "must be a percentile in (0, 100]");
                yield quantile(sortedTraining, value / 100);
            }
            case SIGMA -> {
                check(value >= 0, "must be zero or more standard deviations");
                Moments moments = Moments.of(sortedTraining);
                yield moments.mean() + value * moments.deviation();
            }
            case CONTAMINATION, FPR -> {
                check(value > 0 && value < 1, "must be a fraction in (0, 1)");
                yield quantile(sortedTraining, 1 - value);
            }
            case FIXED, CALIBRATED -> {
                check(Double.isFinite(value), "must be a finite number");
                yield value;
            }
        };
        return new AnomalyThreshold(chosen, value, score);
    }

    /** Linear interpolation between order statistics, as numpy's default. */
    static double quantile(float[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }

    /** Percentage of training scores at or below the score, 0 to 100. */
    static double percentileRank(float[] sorted, double score) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= score) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return 100.0 * low / sorted.length;
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new InvalidInputException("threshold.value", message);
        }
    }
}
