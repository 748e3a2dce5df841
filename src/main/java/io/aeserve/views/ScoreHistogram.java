package io.aeserve.views;

import io.aeserve.inference.InferenceService;
import java.util.Arrays;

/** Bins two score distributions alike, so the dataset's can be drawn over the training rows'. */
final class ScoreHistogram {

    /** The top edge leaves out the farthest tail, which would squeeze every other bin into one. */
    private static final double TOP_QUANTILE = 0.995;

    private ScoreHistogram() {}

    static ViewResponses.ScoreHistogram of(String score, InferenceService.Scored scored, float[] training, int bins) {
        float[] dataset = scored.scores().clone();
        Arrays.sort(dataset);
        double low = Math.min(first(training), first(dataset));
        double high = Math.max(Math.max(top(training), top(dataset)), scored.threshold().score() * 1.05);
        if (!(high > low)) {
            high = low + 1;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = low + (high - low) * i / bins;
        }
        int flagged = 0;
        for (boolean anomaly : scored.anomalies()) {
            flagged += anomaly ? 1 : 0;
        }
        return new ViewResponses.ScoreHistogram(score, scored.threshold(), edges, counts(training, low, high, bins),
                counts(dataset, low, high, bins), flagged);
    }

    private static int[] counts(float[] values, double low, double high, int bins) {
        int[] counts = new int[bins];
        for (float value : values) {
            int bin = (int) Math.floor((value - low) / (high - low) * bins);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        return counts;
    }

    private static double first(float[] sorted) {
        return sorted.length > 0 ? sorted[0] : 0;
    }

    private static double top(float[] sorted) {
        return sorted.length > 0 ? sorted[(int) Math.floor(TOP_QUANTILE * (sorted.length - 1))] : 0;
    }
}
