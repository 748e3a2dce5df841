package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Reconstruction loss: mean squared error, or binary cross-entropy (only with a sigmoid output). */
public enum LossKind {
    @JsonProperty("mse") MSE,
    @JsonProperty("bce") BCE
}
