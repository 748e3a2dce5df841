package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Sparsity penalty of a {@code sparse} model.
 *
 * @param penalty {@code l1}: weight x batch mean of the code's L1 norm; {@code kl}: weight x KL divergence between
 *     the target mean activation and each code unit's batch mean activation (sigmoid code)
 * @param weight weight of the penalty in the loss
 * @param target target mean activation rho of each code unit, for {@code kl}
 */
@Schema(description = "Sparsity penalty of a sparse model")
public record Sparsity(
        @Schema(example = "l1") Penalty penalty,
        @Schema(example = "0.001") Double weight,
        @Schema(example = "0.05") Double target) {

    /** The two sparsity penalties. */
    public enum Penalty {
        @JsonProperty("l1") L1,
        @JsonProperty("kl") KL
    }
}
