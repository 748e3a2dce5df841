package io.aeserve.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an anomaly score measures. Each has its own distribution over the training rows, stored with the version. */
public enum ScoreKind {
    /** The reconstruction error by the model's loss, averaged over values, in normalised units. */
    @JsonProperty("reconstruction") RECONSTRUCTION,
    /** The squared Mahalanobis distance of the code under a Gaussian fitted to the training rows' codes. */
    @JsonProperty("latent") LATENT,
    /** The reconstruction and latent scores, each standardised by its training mean and deviation, summed. */
    @JsonProperty("combined") COMBINED,
    /**
     * The mean distance of the code to its nearest training codes, after whitening by the training codes'
     * Gaussian; see {@link CodeNeighbors}.
     */
    @JsonProperty("knn") KNN,
    /** 1 - SSIM of the input and its reconstruction, for image models; see {@code StructuralError}. */
    @JsonProperty("structural") STRUCTURAL,
    /** The negative evidence lower bound of a variational model: summed reconstruction error plus KL. */
    @JsonProperty("elbo") ELBO;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
