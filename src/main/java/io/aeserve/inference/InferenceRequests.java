package io.aeserve.inference;

import io.aeserve.score.ScoreCatalog;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Request bodies of the inference endpoints. */
final class InferenceRequests {

    private InferenceRequests() {}

    @Schema(description = "Rows in the data's own units: flat arrays of the model's input size, or [C][H][W] arrays"
            + " for convolutional models; for a version trained on a table also objects by column name (a column"
            + " left out or null is missing)", example = "{\"inputs\": [[0.0, 0.5, 1.0]]}")
    record Rows(@NotNull InputRows inputs) {}

    @Schema(description = "Codes of the model's latent size", example = "{\"codes\": [[0.1, -1.2]]}")
    record Codes(@NotNull InputRows codes) {}

    @Schema(description = "Rows as flat arrays, [C][H][W] arrays, or, for a version trained on a table, objects by"
            + " column name such as {\"V1\": \"y\", \"V2\": null}", example = "{\"inputs\": [[0.0, 0.5, 1.0]],"
            + " \"score\": \"reconstruction\", \"threshold\": {\"rule\": \"percentile\", \"value\": 99},"
            + " \"perFeature\": false}")
    record AnomalyScore(
            @NotNull InputRows inputs,
            @Schema(description = """
                    reconstruction (default): the reconstruction error, best when anomalies look unlike anything \
                    seen in training. latent: the Mahalanobis distance of the code under a Gaussian fitted to the \
                    training codes, best when anomalies are well reconstructed but encode to unusual places. \
                    combined: both, each standardised by its training statistics, summed. knn: the mean \
                    distance of the code to its 5 nearest training codes, whitened by their covariance: the most \
                    accurate on images and on data made of several clusters. structural: 1 - SSIM of the input \
                    and its reconstruction, image models only: for anomalies in shape and texture rather than \
                    brightness. elbo: the negative ELBO, variational models only.""",
                    defaultValue = ScoreCatalog.DEFAULT_SCORE)
                    String score,
            @Schema(description = "default: the 99th percentile of the training errors") Threshold threshold,
            @Schema(description = "also return the error of every value; of every column (named by features) for a"
                    + " version trained on a table", defaultValue = "false") Boolean perFeature) {}

    /** @param value the rule's parameter: percentile, number of standard deviations, fraction, or the threshold */
    record Threshold(@Schema(example = "percentile") ThresholdRule rule, @Schema(example = "99") Double value) {}

    @Schema(example = "{\"count\": 8, \"seed\": 1}")
    record Generate(@NotNull @Min(1) @Max(4096) Integer count, Long seed) {}

    @Schema(description = """
            The rule and value of a version's default threshold for one score. `calibrated`: the value is the \
            threshold in the score's units, chosen from an evaluation (its `bestF1.threshold` or \
            `atFpr.threshold`). `fpr`: a target false positive rate on the training rows, as a fraction. \
            `percentile`, `sigma`, `contamination` and `fixed` as in anomaly-score.""",
            example = "{\"score\": \"reconstruction\", \"rule\": \"calibrated\", \"value\": 0.0123}")
    record DefaultThreshold(
            @Schema(defaultValue = ScoreCatalog.DEFAULT_SCORE) String score,
            @NotNull @Schema(example = "calibrated") ThresholdRule rule,
            @Schema(example = "0.0123") Double value) {}
}
