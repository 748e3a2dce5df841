package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The layers of encoder and decoder: fully connected, or convolutional over [channels, height, width]. */
public enum Architecture {
    @JsonProperty("dense") DENSE,
    @JsonProperty("convolutional") CONVOLUTIONAL
}
