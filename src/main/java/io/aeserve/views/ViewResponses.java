package io.aeserve.views;

import io.aeserve.inference.AnomalyThreshold;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What the read-only views answer in JSON. */
final class ViewResponses {

    private ViewResponses() {}

    @Schema(description = "The codes of a dataset's rows projected to 2-D by PCA computed on those codes")
    record LatentMap(
            @Schema(example = "fmnist-dense") String model,
            @Schema(example = "1") int version,
            @Schema(example = "fashion-mnist") String dataset,
            @Schema(example = "test") String split,
            @Schema(example = "pca") String projection,
            @Schema(description = "size of the codes projected", example = "32") int codeSize,
            @Schema(description = "share of the codes' variance along each axis", example = "[0.31, 0.17]")
                    double[] explained,
            List<Point> points) {}

    @Schema(description = "One row of the dataset on the map")
    record Point(
            @Schema(description = "the row's number in the dataset (split)", example = "250") int row,
            @Schema(example = "1.73") float x,
            @Schema(example = "-0.42") float y,
            @Schema(description = "the row's label; absent when the dataset has none", example = "3") Integer label) {}

    @Schema(description = "Score distributions of the training rows and of a dataset's rows, per score")
    record ScoreHistograms(
            @Schema(example = "fmnist-dense") String model,
            @Schema(example = "1") int version,
            @Schema(example = "fashion-mnist") String dataset,
            @Schema(example = "test") String split,
            @Schema(description = "dataset rows scored", example = "1000") int rows,
            List<ScoreHistogram> scores) {}

    @Schema(description = """
            One score's histogram: bins between `edges`, the last one also holding everything above it; counts of \
            the training rows (as stored with the version) and of the dataset's rows""")
    record ScoreHistogram(
            @Schema(example = "reconstruction") String score,
            AnomalyThreshold threshold,
            @Schema(example = "[0.001, 0.002, 0.003]") double[] edges,
            @Schema(example = "[5400, 600]") int[] training,
            @Schema(example = "[80, 20]") int[] dataset,
            @Schema(description = "dataset rows above the threshold", example = "12") int flagged) {}

    @Schema(description = "The rows of a dataset that reconstruct worst, with the error of every feature")
    record WorstRows(
            @Schema(example = "payments") String model,
            @Schema(example = "1") int version,
            @Schema(example = "ds-3f9a1c2b7d4e") String dataset,
            @Schema(description = "dataset rows looked at", example = "1000") int rows,
            List<WorstRow> worst) {}

    @Schema(description = "One row and its errors")
    record WorstRow(
            @Schema(example = "817") int row,
            @Schema(example = "1") Integer label,
            @Schema(description = "the row's reconstruction error", example = "0.84") float error,
            @Schema(description = "the error of each feature, in the model's normalised units",
                    example = "[0.01, 2.4, 0.03]") float[] featureErrors) {}
}
