package io.aeserve.evaluation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A labelled dataset to evaluate a version on, and which labels mark anomalies: give exactly one of
 * {@code anomalyLabels} and {@code normalLabels}; the rows with other labels are the other class.
 */
@Schema(description = "A labelled dataset and which of its labels are anomalies", example = """
        {"dataset": "fashion-mnist", "split": "test", "normalLabels": [0], "fpr": 0.01}""")
record EvaluateRequest(
        @Schema(description = "a dataset id with labels, or fashion-mnist", example = "fashion-mnist")
                @NotBlank String dataset,
        @Schema(description = "train or test for the built-in dataset; default train", example = "test") String split,
        @Schema(description = "labels of the anomalies; every other label is normal", example = "[1]")
                @Size(min = 1, max = 1000) List<Integer> anomalyLabels,
        @Schema(description = "labels of the normal rows; every other label is an anomaly", example = "[0]")
                @Size(min = 1, max = 1000) List<Integer> normalLabels,
        @Schema(description = "the scores to evaluate; default every score the version has",
                example = "[\"reconstruction\", \"knn\"]") @Size(max = 16) List<String> scores,
        @Schema(description = "also find the threshold whose false positive rate on the normal rows is at most this",
                example = "0.01") @DecimalMin("0") @DecimalMax("1") Double fpr,
        @Schema(description = "run as a job even when the dataset is small enough to evaluate while the request"
                + " waits", defaultValue = "false") Boolean async) {}
