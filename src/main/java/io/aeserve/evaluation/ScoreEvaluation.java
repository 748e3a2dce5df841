package io.aeserve.evaluation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well one score separates labelled anomalies from normal rows, with anomalies as positives and higher scores
 * more anomalous. Rows with equal scores are one step of every curve, so the measures do not depend on row order.
 * The thresholds given flag rows whose score is above them, as the anomaly-score endpoint does, and sit halfway
 * between two neighbouring scores, so a threshold stored from here flags the same rows again.
 *
 * @param auroc area under the ROC curve (ties count half)
 * @param averagePrecision the precision at each step weighted by the recall it adds, as scikit-learn computes it
 * @param precisionAtK the share of anomalies among the k highest-scoring rows, k the number of anomalies (rows tied
 *     with the k-th count in proportion)
 * @param bestF1 the threshold with the highest F1
 * @param atFpr the lowest threshold whose false positive rate on the normal rows is at most the one asked for;
 *     absent when none was asked for
 * @param roc the ROC curve, at most {@value #CURVE_POINTS} points from (0, 0) to (1, 1)
 * @param precisionRecall the precision-recall curve, at most {@value #CURVE_POINTS} points, by falling threshold
 */
@Schema(description = "How well one score separates the anomalies from the normal rows")
public record ScoreEvaluation(
        @Schema(example = "0.912") double auroc,
        @Schema(example = "0.973") double averagePrecision,
        @Schema(example = "0.884") double precisionAtK,
        @Schema(example = "9000") int k,
        Operating bestF1,
        Operating atFpr,
        List<RocPoint> roc,
        List<PrPoint> precisionRecall) {

    /** Most points a curve has after downsampling. */
    static final int CURVE_POINTS = 200;

    /** A threshold and what it does on the evaluated rows. */
    @Schema(description = "A threshold in the score's units (rows above it are flagged) and its effect on these rows")
    public record Operating(@Schema(example = "0.0123") double threshold, @Schema(example = "0.93") double precision,
            @Schema(example = "0.88") double recall, @Schema(example = "0.90") double f1,
            @Schema(example = "0.01") double falsePositiveRate, @Schema(example = "8000") int flagged) {}

    public record RocPoint(double falsePositiveRate, double truePositiveRate, double threshold) {}

    public record PrPoint(double recall, double precision, double threshold) {}

    /**
     * Evaluates scores against labels; both classes must be present.
     *
     * @param targetFpr the false positive rate to find a threshold for, or null
     */
    static ScoreEvaluation of(float[] scores, boolean[] anomaly, Double targetFpr) {
        int n = scores.length;
        int positives = 0;
        for (boolean a : anomaly) {
            positives += a ? 1 : 0;
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("both anomalies and normal rows are needed");
        }
        long[] order = descending(scores);
        // one step per group of equal scores: counts of true and false positives flagged at or above it
        int[] tp = new int[n + 1];
        int[] fp = new int[n + 1];
        double[] threshold = new double[n + 1];
        int steps = 0;
        int i = 0;
        int truePositives = 0;
        int falsePositives = 0;
        double auc = 0;
        double ap = 0;
        double kHits = Double.NaN;
        Operating best = null;
        Operating atFpr = null;
        threshold[0] = Double.POSITIVE_INFINITY;
        while (i < n) {
            float score = scores[row(order[i])];
            int groupPositives = 0;
            int j = i;
            while (j < n && Float.compare(scores[row(order[j])], score) == 0) {
                groupPositives += anomaly[row(order[j])] ? 1 : 0;
                j++;
            }
            int groupSize = j - i;
            if (Double.isNaN(kHits) && j >= positives) {
                kHits = truePositives + groupPositives * (double) (positives - i) / groupSize;
            }
            int previousTp = truePositives;
            int previousFp = falsePositives;
            truePositives += groupPositives;
            falsePositives += groupSize - groupPositives;
            // trapezoid between the steps: ties count half, as in the rank-sum statistic
            auc += (falsePositives - previousFp) * (truePositives + previousTp) / 2.0;
            ap += (truePositives - previousTp) / (double) positives * truePositives / j;
            double cut = j < n ? (score + (double) scores[row(order[j])]) / 2 : Math.nextDown((double) score);
            steps++;
            tp[steps] = truePositives;
            fp[steps] = falsePositives;
            threshold[steps] = cut;
            Operating here = operating(cut, truePositives, falsePositives, positives, negatives);
            if (best == null || here.f1() > best.f1()) {
                best = here;
            }
            if (targetFpr != null && falsePositives <= targetFpr * negatives) {
                atFpr = here;
            }
            i = j;
        }
        if (targetFpr != null && atFpr == null) {
            // even the highest score flags too many normal rows: flag nothing
            atFpr = operating(scores[row(order[0])], 0, 0, positives, negatives);
        }
        return new ScoreEvaluation(auc / ((double) positives * negatives), ap, kHits / positives, positives, best,
                atFpr, roc(tp, fp, threshold, steps, positives, negatives),
                precisionRecall(tp, fp, threshold, steps, positives));
    }

    private static Operating operating(double threshold, int tp, int fp, int positives, int negatives) {
        double precision = tp + fp == 0 ? 1 : tp / (double) (tp + fp);
        double recall = tp / (double) positives;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Operating(threshold, precision, recall, f1, fp / (double) negatives, tp + fp);
    }

    private static List<RocPoint> roc(int[] tp, int[] fp, double[] threshold, int steps, int positives,
            int negatives) {
        List<RocPoint> points = new ArrayList<>();
        for (int step : sample(0, steps)) {
            points.add(new RocPoint(fp[step] / (double) negatives, tp[step] / (double) positives,
                    finite(threshold[step])));
        }
        return points;
    }

    private static List<PrPoint> precisionRecall(int[] tp, int[] fp, double[] threshold, int steps, int positives) {
        List<PrPoint> points = new ArrayList<>();
        for (int step : sample(1, steps)) {
            points.add(new PrPoint(tp[step] / (double) positives, tp[step] / (double) (tp[step] + fp[step]),
                    threshold[step]));
        }
        return points;
    }

    /** JSON has no infinity: the step before every row is shown at the largest double. */
    private static double finite(double threshold) {
        return Double.isInfinite(threshold) ? Double.MAX_VALUE : threshold;
    }

    /** At most {@link #CURVE_POINTS} steps from first to last, evenly spread, both ends kept. */
    private static int[] sample(int first, int last) {
        int count = last - first + 1;
        if (count <= CURVE_POINTS) {
            int[] all = new int[count];
            Arrays.setAll(all, k -> first + k);
            return all;
        }
        int[] picked = new int[CURVE_POINTS];
        for (int k = 0; k < CURVE_POINTS; k++) {
            picked[k] = first + (int) Math.round(k * (count - 1) / (double) (CURVE_POINTS - 1));
        }
        return picked;
    }

    /**
     * Row indices by falling score, as sortable longs (score bits high, index low): a primitive sort, 8 bytes a row,
     * so a million rows take 8 MB rather than boxed indices.
     */
    private static long[] descending(float[] scores) {
        long[] keys = new long[scores.length];
        for (int r = 0; r < scores.length; r++) {
            int bits = Float.floatToIntBits(scores[r]);
            int sortable = bits < 0 ? bits ^ 0x7fffffff : bits;
            // negated, so ascending order is falling score
            keys[r] = ((long) ~sortable << 32) | r;
        }
        Arrays.sort(keys);
        return keys;
    }

    private static int row(long key) {
        return (int) key;
    }
}
