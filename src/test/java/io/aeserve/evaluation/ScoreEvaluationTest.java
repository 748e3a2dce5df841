package io.aeserve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aeserve.support.Auroc;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreEvaluationTest {

    @Test
    void aSmallCaseGivesTheValuesWorkedOutByHand() {
        // by falling score: A(0.9) N(0.8) A(0.7) N(0.4) A(0.3) N(0.1)
        float[] scores = {0.1f, 0.9f, 0.4f, 0.7f, 0.3f, 0.8f};
        boolean[] anomaly = {false, true, false, true, true, false};
        ScoreEvaluation evaluation = ScoreEvaluation.of(scores, anomaly, 0.34);
        // pairs (anomaly above normal): 0.9 beats 3, 0.7 beats 2, 0.3 beats 1 -> 6 of 9
        assertThat(evaluation.auroc()).isCloseTo(6 / 9.0, within(1e-12));
        // precision at each anomaly: 1/1, 2/3, 3/5
        assertThat(evaluation.averagePrecision()).isCloseTo((1 + 2 / 3.0 + 3 / 5.0) / 3, within(1e-12));
        assertThat(evaluation.k()).isEqualTo(3);
        assertThat(evaluation.precisionAtK()).isCloseTo(2 / 3.0, within(1e-12));
        // F1 at the cut below 0.7: precision 2/3, recall 2/3; below 0.3: 3/5 and 1 -> 0.75, the best
        assertThat(evaluation.bestF1().f1()).isCloseTo(0.75, within(1e-12));
        assertThat(evaluation.bestF1().threshold()).isCloseTo((0.3 + 0.1) / 2, within(1e-7));
        assertThat(evaluation.bestF1().flagged()).isEqualTo(5);
        // at most a third of the normal rows: one of three, so the cut below 0.7
        assertThat(evaluation.atFpr().falsePositiveRate()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(evaluation.atFpr().recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(evaluation.roc()).hasSize(7);
        assertThat(evaluation.roc().get(0).falsePositiveRate()).isZero();
        assertThat(evaluation.roc().get(6).truePositiveRate()).isEqualTo(1.0);
        assertThat(evaluation.precisionRecall()).hasSize(6);
    }

    @Test
    void theAurocIsTheRankSumStatisticWithTiesAndTheCurvesAreDownsampled() {
        Random random = new Random(7);
        int n = 50_000;
        float[] scores = new float[n];
        boolean[] anomaly = new boolean[n];
        boolean[] normal = new boolean[n];
        for (int i = 0; i < n; i++) {
            anomaly[i] = random.nextInt(10) == 0;
            normal[i] = !anomaly[i];
            // rounded, so many rows tie
            scores[i] = Math.round((random.nextGaussian() + (anomaly[i] ? 1.5 : 0)) * 20) / 20f;
        }
        ScoreEvaluation evaluation = ScoreEvaluation.of(scores, anomaly, null);
        assertThat(evaluation.auroc()).isCloseTo(Auroc.of(scores, normal), within(1e-9)).isGreaterThan(0.8);
        assertThat(evaluation.roc()).hasSizeLessThanOrEqualTo(ScoreEvaluation.CURVE_POINTS);
        assertThat(evaluation.precisionRecall()).hasSizeLessThanOrEqualTo(ScoreEvaluation.CURVE_POINTS);
        assertThat(evaluation.roc().get(evaluation.roc().size() - 1).falsePositiveRate()).isEqualTo(1.0);
        assertThat(evaluation.atFpr()).isNull();
    }

    @Test
    void theBestF1ThresholdFlagsTheRowsItReports() {
        Random random = new Random(3);
        float[] scores = new float[2000];
        boolean[] anomaly = new boolean[2000];
        for (int i = 0; i < scores.length; i++) {
            anomaly[i] = i % 5 == 0;
            scores[i] = (float) (random.nextDouble() + (anomaly[i] ? 0.6 : 0));
        }
        ScoreEvaluation.Operating best = ScoreEvaluation.of(scores, anomaly, null).bestF1();
        int flagged = 0;
        int hits = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > best.threshold()) {
                flagged++;
                hits += anomaly[i] ? 1 : 0;
            }
        }
        assertThat(flagged).isEqualTo(best.flagged());
        assertThat(hits / (double) flagged).isCloseTo(best.precision(), within(1e-12));
    }
}
