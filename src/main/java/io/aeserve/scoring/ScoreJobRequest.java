package io.aeserve.scoring;

import io.aeserve.inference.ThresholdRule;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** A dataset to score with a model, and what to write for each row. */
@Schema(description = "A dataset to score with a model", example = """
        {"dataset": "ds-3f9a1c2b7d4e", "score": "reconstruction", "codes": false, "featureErrors": false}""")
record ScoreJobRequest(
        @Schema(description = "an uploaded dataset id, or fashion-mnist", example = "ds-3f9a1c2b7d4e")
                @NotBlank String dataset,
        @Schema(description = "train or test for the built-in dataset; default train") String split,
        @Schema(description = "the version to use; default the one served when the job is submitted")
                @Positive Integer version,
        @Schema(description = "the anomaly score; default reconstruction", example = "reconstruction") String score,
        @Schema(description = "the threshold; default the version's stored default for the score, else the 99th"
                + " percentile of the training scores") Threshold threshold,
        @Schema(description = "also write each row's code", defaultValue = "false") Boolean codes,
        @Schema(description = "also write the error of every value of each row", defaultValue = "false")
                Boolean featureErrors) {

    record Threshold(@Schema(example = "percentile") ThresholdRule rule, @Schema(example = "99") Double value) {}
}
