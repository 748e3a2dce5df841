package io.aeserve.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimizers a job can train with. */
public enum OptimizerKind {
    @JsonProperty("adam") ADAM,
    @JsonProperty("sgd") SGD
}
