package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Corruption applied to training inputs only; the loss compares the output with the clean input.
 *
 * @param type {@code gaussian}: adds noise of standard deviation {@code level}, clipped to the training data's
 *     range; {@code masking}: zeroes a {@code level} fraction of inputs; {@code salt_and_pepper}: sets a
 *     {@code level} fraction of inputs to the data's minimum or maximum
 * @param level standard deviation (gaussian) or fraction of corrupted inputs (masking, salt_and_pepper)
 */
@Schema(description = "Corruption applied to training inputs only")
public record Noise(@Schema(example = "gaussian") Type type, @Schema(example = "0.5") Double level) {

    /** The corruption processes. */
    public enum Type {
        @JsonProperty("gaussian") GAUSSIAN,
        @JsonProperty("masking") MASKING,
        @JsonProperty("salt_and_pepper") SALT_AND_PEPPER
    }
}
