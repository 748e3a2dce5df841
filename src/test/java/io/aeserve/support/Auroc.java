package io.aeserve.support;

import java.util.Arrays;

/** The area under the ROC curve of anomaly scores, by the rank-sum (Mann-Whitney) statistic. */
public final class Auroc {

    private Auroc() {}

    /** Area under the ROC curve with anomalies as positives (higher score = more anomalous); ties count half. */
    public static double of(float[] scores, boolean[] normal) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (!normal[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }
}
