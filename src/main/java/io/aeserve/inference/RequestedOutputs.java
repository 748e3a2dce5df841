package io.aeserve.inference;

import java.util.Set;

/**
 * The outputs a caller chose by name for a batch of rows, computed together: for protocol front ends (the Open
 * Inference Protocol) where one request asks for any mix of scores, reconstructions and codes. Arrays of parts
 * not asked for are {@code null}; the others hold row after row.
 *
 * @param latentSize the width of a row of {@code codes} and {@code logVariance}
 */
public record RequestedOutputs(String model, int version, int rows, String score, AnomalyThreshold threshold,
        float[] scores, boolean[] anomalies, float[] percentiles, float[] reconstructions, float[] codes,
        float[] logVariance, int latentSize) {

    /** What can be asked for. */
    public enum Part {
        /** The anomaly score of each row, by {@link Request#score()}. */
        SCORE,
        /** Whether each row scores above the threshold. */
        ANOMALY,
        /** Each row's score as a percentage of training rows scoring at or below it. */
        PERCENTILE,
        /** The reconstruction, in the rows' shape and units. */
        RECONSTRUCTION,
        /** The code (the posterior mean for variational models). */
        CODE,
        /** The log-variance of the posterior; variational models only. */
        LOG_VARIANCE
    }

    /**
     * @param score the anomaly score; {@code null} for the default
     * @param rule the threshold rule; {@code null} for the default
     * @param value the rule's parameter; {@code null} for the rule's default
     */
    public record Request(Set<Part> parts, String score, ThresholdRule rule, Double value) {

        public Request {
            parts = Set.copyOf(parts);
        }
    }
}
