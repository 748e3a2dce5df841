package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of autoencoder: what it is trained to do beyond reconstructing its input. */
public enum Variant {
    @JsonProperty("dense") DENSE,
    @JsonProperty("sparse") SPARSE,
    @JsonProperty("contractive") CONTRACTIVE,
    @JsonProperty("denoising") DENOISING,
    @JsonProperty("convolutional") CONVOLUTIONAL,
    @JsonProperty("variational") VARIATIONAL
}
