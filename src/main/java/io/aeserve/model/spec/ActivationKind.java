package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Element-wise activation of hidden layers and of the code. */
public enum ActivationKind {
    @JsonProperty("linear") LINEAR,
    @JsonProperty("relu") RELU,
    @JsonProperty("leaky_relu") LEAKY_RELU,
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH,
    @JsonProperty("gelu") GELU
}
