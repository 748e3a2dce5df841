package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Activation of the reconstruction: linear for unbounded data, sigmoid for [0, 1], tanh for [-1, 1]. */
public enum OutputActivation {
    @JsonProperty("linear") LINEAR,
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH
}
