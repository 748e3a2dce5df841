package io.aeserve.inference;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the anomaly threshold is chosen from the version's stored training-error distribution. */
public enum ThresholdRule {
    /** The value-th percentile of the training errors (default 99). */
    @JsonProperty("percentile") PERCENTILE,
    /** Mean + value standard deviations of the training errors (default 3). */
    @JsonProperty("sigma") SIGMA,
    /** The expected fraction of anomalies, as PyOD's contamination: the (1 - value) quantile (default 0.01). */
    @JsonProperty("contamination") CONTAMINATION,
    /** The value itself, in the score's units. */
    @JsonProperty("fixed") FIXED,
    /**
     * The value itself, in the score's units, chosen from an evaluation on labelled data (its F1-optimal threshold,
     * say); as {@link #FIXED}, named so a stored threshold says where it came from.
     */
    @JsonProperty("calibrated") CALIBRATED,
    /**
     * A target false positive rate on the training rows (all normal): the (1 - value) quantile of their scores, so
     * about that fraction of them would be flagged (default 0.01).
     */
    @JsonProperty("fpr") FPR;

    /** The name clients use. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
