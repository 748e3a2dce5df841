package io.aeserve.evaluation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** What an evaluation found for each score the version has. */
@Schema(description = "How well each of the version's scores finds the labelled anomalies")
record EvaluationReport(
        @Schema(example = "fmnist-tshirts") String model,
        @Schema(example = "1") int version,
        @Schema(example = "fashion-mnist") String dataset,
        @Schema(example = "test") String split,
        @Schema(example = "10000") int rows,
        @Schema(example = "9000") int anomalies,
        @Schema(example = "1000") int normals,
        Map<String, ScoreEvaluation> scores,
        @Schema(example = "1.8") double seconds) {}
