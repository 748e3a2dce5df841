package io.aeserve.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Response bodies of the inference endpoints. Rows are flat arrays in the data's own units. */
final class InferenceResponses {

    private InferenceResponses() {}

    @Schema(description = "Codes; for variational models the posterior mean, with its log-variance")
    record Encoded(String model, int version, float[][] codes, float[][] logVariance) {}

    record Outputs(String model, int version, float[][] outputs) {}

    @Schema(description = "Reconstructions and each row's reconstruction error (mean over values, by the model's"
            + " loss, in normalised units)")
    record Reconstructed(String model, int version, float[][] outputs, float[] errors) {}

    @Schema(description = """
            Each row's score (reconstruction error by the model's loss, averaged over values, in the model's \
            normalised units), the threshold, the anomaly flags, and each row's percentile rank among the training \
            rows' scores (comparable across models). With `perFeature`, each row's errors: one per input value, or \
            for a version trained on a table one per column (a categorical column's one-hot errors summed), the \
            columns named by `features`.""")
    record AnomalyScores(String model, int version, String score, float[] scores, AnomalyThreshold threshold,
            boolean[] anomalies, double[] percentiles, float[][] featureErrors,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(example = "[\"V1\", \"V2\"]") List<String> features) {}

    @Schema(description = """
            The default threshold of a score on a version: what anomaly-score uses when a request names none. \
            `threshold.score` is the threshold in the score's units.""")
    record DefaultThreshold(String model, int version, String score, AnomalyThreshold threshold,
            java.time.Instant setAt) {}
}
