package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.aeserve.error.FieldProblem;
import io.aeserve.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Each threshold rule on small sorted training scores, with the thresholds worked out by hand. */
class AnomalyThresholdTest {

    static final float[] ONE_TO_FIVE = {1, 2, 3, 4, 5};
    /** Mean 5, population standard deviation 2 (the sample one would be 2.14). */
    static final float[] MEAN_FIVE_SD_TWO = {2, 4, 4, 4, 5, 5, 7, 9};

    static double threshold(ThresholdRule rule, Double value, float[] sorted) {
        return AnomalyThreshold.resolve(rule, value, sorted).score();
    }

    static FieldProblem refusal(ThresholdRule rule, Double value) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> AnomalyThreshold.resolve(rule, value, ONE_TO_FIVE));
        assertThat(e).as(rule + " " + value + " should be refused").isNotNull();
        assertThat(e.errors()).hasSize(1);
        return e.errors().get(0);
    }

    @Test
    void percentileInterpolatesBetweenOrderStatisticsAsNumpyDoes() {
        assertThat(threshold(ThresholdRule.PERCENTILE, 50.0, ONE_TO_FIVE)).isEqualTo(3.0);
        assertThat(threshold(ThresholdRule.PERCENTILE, 25.0, ONE_TO_FIVE)).isEqualTo(2.0);
        assertThat(threshold(ThresholdRule.PERCENTILE, 100.0, ONE_TO_FIVE)).isEqualTo(5.0);
        // position 0.9 x 4 = 3.6: 4 + 0.6 x (5 - 4)
        assertThat(threshold(ThresholdRule.PERCENTILE, 90.0, ONE_TO_FIVE)).isCloseTo(4.6, within(1e-9));
        // position 0.1 x 4 = 0.4: 1 + 0.4 x (2 - 1)
        assertThat(threshold(ThresholdRule.PERCENTILE, 10.0, ONE_TO_FIVE)).isCloseTo(1.4, within(1e-9));
        assertThat(threshold(ThresholdRule.PERCENTILE, 37.0, new float[] {7})).isEqualTo(7.0);
    }

    @Test
    void withoutRuleOrValueTheThresholdIsThe99thPercentile() {
        AnomalyThreshold defaults = AnomalyThreshold.resolve(null, null, ONE_TO_FIVE);
        assertThat(defaults.rule()).isEqualTo(ThresholdRule.PERCENTILE);
        assertThat(defaults.value()).isEqualTo(99.0);
        // position 0.99 x 4 = 3.96
        assertThat(defaults.score()).isCloseTo(4.96, within(1e-9));
    }

    @Test
    void sigmaIsTheMeanPlusValuePopulationStandardDeviations() {
        assertThat(threshold(ThresholdRule.SIGMA, 1.0, MEAN_FIVE_SD_TWO)).isCloseTo(7.0, within(1e-9));
        assertThat(threshold(ThresholdRule.SIGMA, 0.0, MEAN_FIVE_SD_TWO)).isCloseTo(5.0, within(1e-9));
        assertThat(threshold(ThresholdRule.SIGMA, 2.5, MEAN_FIVE_SD_TWO)).isCloseTo(10.0, within(1e-9));
        AnomalyThreshold defaults = AnomalyThreshold.resolve(ThresholdRule.SIGMA, null, MEAN_FIVE_SD_TWO);
        assertThat(defaults.value()).isEqualTo(3.0);
        assertThat(defaults.score()).isCloseTo(11.0, within(1e-9));
        // 1..5: mean 3, population variance 2
        assertThat(threshold(ThresholdRule.SIGMA, 1.0, ONE_TO_FIVE)).isCloseTo(3 + Math.sqrt(2), within(1e-9));
    }

    @Test
    void contaminationIsTheQuantileThatLeavesThatFractionAbove() {
        assertThat(threshold(ThresholdRule.CONTAMINATION, 0.25, ONE_TO_FIVE)).isCloseTo(4.0, within(1e-9));
        assertThat(threshold(ThresholdRule.CONTAMINATION, 0.5, ONE_TO_FIVE)).isCloseTo(3.0, within(1e-9));
        // the (1 - 0.1) quantile: position 3.6
        assertThat(threshold(ThresholdRule.CONTAMINATION, 0.1, ONE_TO_FIVE)).isCloseTo(4.6, within(1e-9));
        AnomalyThreshold defaults = AnomalyThreshold.resolve(ThresholdRule.CONTAMINATION, null, ONE_TO_FIVE);
        assertThat(defaults.value()).isEqualTo(0.01);
        assertThat(defaults.score()).isCloseTo(4.96, within(1e-9));
    }

    @Test
    void fixedIsTheValueItselfWhateverTheTrainingScores() {
        AnomalyThreshold fixed = AnomalyThreshold.resolve(ThresholdRule.FIXED, 2.5, ONE_TO_FIVE);
        assertThat(fixed.rule()).isEqualTo(ThresholdRule.FIXED);
        assertThat(fixed.score()).isEqualTo(2.5);
        assertThat(threshold(ThresholdRule.FIXED, -7.0, ONE_TO_FIVE)).isEqualTo(-7.0);
        assertThat(threshold(ThresholdRule.FIXED, 1e6, ONE_TO_FIVE)).isEqualTo(1e6);
    }

    @Test
    void calibratedIsTheValueItselfAndFprLeavesThatFractionOfTrainingScoresAbove() {
        AnomalyThreshold calibrated = AnomalyThreshold.resolve(ThresholdRule.CALIBRATED, 0.0123, ONE_TO_FIVE);
        assertThat(calibrated.score()).isEqualTo(0.0123);
        assertThat(calibrated.rule()).isEqualTo(ThresholdRule.CALIBRATED);
        // 1 - 0.25 = 0.75 quantile of 1..5: position 3, the value 4
        assertThat(AnomalyThreshold.resolve(ThresholdRule.FPR, 0.25, ONE_TO_FIVE).score()).isEqualTo(4.0);
        assertThat(AnomalyThreshold.resolve(ThresholdRule.FPR, null, ONE_TO_FIVE).value()).isEqualTo(0.01);
        assertThat(refusal(ThresholdRule.CALIBRATED, null).message()).contains("calibrated");
        assertThat(refusal(ThresholdRule.FPR, 1.0).field()).isEqualTo("threshold.value");
    }

    @Test
    void valuesOutsideEachRulesRangeAreRefusedAsThresholdValue() {
        for (double bad : new double[] {0, -1, 100.001, Double.NaN}) {
            FieldProblem problem = refusal(ThresholdRule.PERCENTILE, bad);
            assertThat(problem.field()).isEqualTo("threshold.value");
            assertThat(problem.message()).contains("percentile in (0, 100]");
        }
        assertThat(refusal(ThresholdRule.SIGMA, -0.5).message()).contains("zero or more standard deviations");
        assertThat(refusal(ThresholdRule.SIGMA, Double.NaN).field()).isEqualTo("threshold.value");
        for (double bad : new double[] {0, 1, -0.1, 1.5}) {
            assertThat(refusal(ThresholdRule.CONTAMINATION, bad).message()).as("contamination " + bad)
                    .contains("fraction in (0, 1)");
        }
        assertThat(refusal(ThresholdRule.FIXED, null).message()).contains("required for the fixed rule");
        assertThat(refusal(ThresholdRule.FIXED, Double.POSITIVE_INFINITY).message()).contains("finite");
        assertThat(refusal(ThresholdRule.FIXED, Double.NaN).field()).isEqualTo("threshold.value");
    }

    @Test
    void percentileRankIsTheShareOfTrainingScoresAtOrBelow() {
        assertThat(AnomalyThreshold.percentileRank(ONE_TO_FIVE, 3)).isEqualTo(60.0);
        assertThat(AnomalyThreshold.percentileRank(ONE_TO_FIVE, 2.5)).isEqualTo(40.0);
        assertThat(AnomalyThreshold.percentileRank(ONE_TO_FIVE, 0.5)).isEqualTo(0.0);
        assertThat(AnomalyThreshold.percentileRank(ONE_TO_FIVE, 5)).isEqualTo(100.0);
        assertThat(AnomalyThreshold.percentileRank(new float[] {1, 2, 2, 2}, 2)).isEqualTo(100.0);
        assertThat(AnomalyThreshold.percentileRank(new float[] {1, 2, 2, 2}, 1.999)).isEqualTo(25.0);
    }

    @Test
    void ruleNamesInQueriesAreReadInAnyCase() {
        ThresholdRuleConverter rules = new ThresholdRuleConverter();
        assertThat(rules.convert(" Sigma ")).isEqualTo(ThresholdRule.SIGMA);
        assertThat(rules.convert("CONTAMINATION")).isEqualTo(ThresholdRule.CONTAMINATION);
        assertThat(rules.convert(" ")).isNull();
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> rules.convert("median"));
        assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("rule");
        assertThat(e.getMessage()).contains("'median'");
    }
}
