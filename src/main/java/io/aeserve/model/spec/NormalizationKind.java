package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How inputs are scaled before the model sees them; fitted on the training data and stored with each version. */
public enum NormalizationKind {
    @JsonProperty("none") NONE,
    @JsonProperty("minmax") MINMAX,
    @JsonProperty("standard") STANDARD
}
