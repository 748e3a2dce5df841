package io.aeserve.registry;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A threshold stored with a version: the default of one anomaly score when a request names no threshold. The
 * registry keeps it as given; the inference service checks the rule and its value before storing it.
 *
 * @param rule the threshold rule's name, as in {@code calibrated} or {@code fpr}
 * @param value the rule's parameter
 * @param setAt when it was stored
 */
@Schema(description = "The threshold a score uses when a request names none")
public record VersionThreshold(
        @Schema(example = "calibrated") String rule,
        @Schema(example = "0.0123") double value,
        Instant setAt) {}
