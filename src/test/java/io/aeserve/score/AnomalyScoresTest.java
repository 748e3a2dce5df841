package io.aeserve.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.LatentGaussian;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each score on its own, on tiny hand-made forward results. */
class AnomalyScoresTest {

    static final ModelSpec DENSE = VersionScoresTest.DENSE;
    static final ModelSpec VARIATIONAL = VersionScoresTest.VARIATIONAL;
    static final ModelSpec IMAGES = SpecValidator.complete(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 8, 8),
            List.of(2), null, 4, null, null, null, null, null, null, null, null, null));

    static final EarlierScores NONE = new EarlierScores() {
        @Override
        public float[] training(String score) {
            return null;
        }

        @Override
        public float[] array(String name) {
            return null;
        }
    };

    @Test
    void reconstructionIsTheErrorAndEveryModelHasIt() {
        ReconstructionScore score = new ReconstructionScore();
        ForwardResult result = new ForwardResult(2, Map.of(ForwardOutput.ERRORS, new float[] {0.5f, 2f}));
        assertThat(score.unsupported(IMAGES)).isNull();
        assertThat(score.required()).isTrue();
        assertThat(score.fit(DENSE, result, NONE).orElseThrow().training()).containsExactly(0.5f, 2f);
        assertThat(score.scorer(DENSE, null, NONE).score(result)).containsExactly(0.5f, 2f);
    }

    @Test
    void elboIsTheSummedErrorPlusKlOfVariationalModels() {
        ElboScore score = new ElboScore();
        assertThat(score.unsupported(DENSE)).isEqualTo("a variational model");
        assertThat(score.unsupported(VARIATIONAL)).isNull();
        assertThat(score.needs()).containsExactlyInAnyOrder(ForwardOutput.ERRORS, ForwardOutput.KL);
        ForwardResult result = new ForwardResult(2, Map.of(ForwardOutput.ERRORS, new float[] {0.5f, 0.25f},
                ForwardOutput.KL, new float[] {1f, 3f}));
        // the error is a mean over the 4 input values, the ELBO a sum
        assertThat(score.scorer(VARIATIONAL, null, NONE).score(result)).containsExactly(3f, 4f);
    }

    @Test
    void structuralBelongsToImageModels() {
        StructuralScore score = new StructuralScore();
        assertThat(score.unsupported(DENSE)).startsWith("an image model");
        assertThat(score.unsupported(IMAGES)).isNull();
        ForwardResult result = new ForwardResult(1, Map.of(ForwardOutput.STRUCTURAL, new float[] {0.3f}));
        assertThat(score.scorer(IMAGES, null, NONE).score(result)).containsExactly(0.3f);
    }

    @Test
    void latentIsTheMahalanobisDistanceAndSkipsWideCodes() {
        LatentScore score = new LatentScore();
        ForwardResult wide = new ForwardResult(2, Map.of(ForwardOutput.CODES,
                new float[2 * (LatentGaussian.MAX_DIMENSION + 1)]));
        assertThat(score.fit(DENSE, wide, NONE)).isEmpty();
        ForwardResult codes = new ForwardResult(4, Map.of(ForwardOutput.CODES, new float[] {1, 0, -1, 0, 0, 1, 0, -1}));
        ScoreFit fit = score.fit(DENSE, codes, NONE).orElseThrow();
        LatentGaussian gaussian = new LatentGaussian(fit.state().get(LatentScore.MEAN),
                fit.state().get(LatentScore.PRECISION));
        assertThat(fit.training()).containsExactly(gaussian.distances(codes.get(ForwardOutput.CODES), 4));
    }

    @Test
    void combinedStandardisesBothScoresByTheirTrainingMoments() {
        CombinedScore score = new CombinedScore();
        assertThat(score.requires()).containsExactly("reconstruction", "latent");
        float[] errors = {1, 3};
        float[] distances = {10, 20};
        EarlierScores earlier = new EarlierScores() {
            @Override
            public float[] training(String name) {
                return name.equals("reconstruction") ? errors : distances;
            }

            @Override
            public float[] array(String name) {
                return null;
            }
        };
        // mean 2, deviation 1 and mean 15, deviation 5: (1 - 2) / 1 + (10 - 15) / 5 = -2, and 2
        assertThat(score.fit(DENSE, new ForwardResult(2, Map.of()), earlier).orElseThrow().training())
                .containsExactly(-2f, 2f);
    }

    @Test
    void knnNeedsMoreRowsThanNeighbours() {
        KnnScore score = new KnnScore();
        assertThat(score.requires()).containsExactly("latent");
        assertThat(score.fit(DENSE, new ForwardResult(5, Map.of(ForwardOutput.CODES, new float[10])), NONE))
                .isEmpty();
    }

    @Test
    void knnRowsWeighFourInFlightAndOtherRowsOne() {
        ScoreCatalog catalog = ScoreCatalog.standard();
        for (AnomalyScore score : catalog.all()) {
            assertThat(catalog.rowCost(score.name())).isEqualTo(score instanceof KnnScore ? 4 : 1);
        }
        assertThat(catalog.rowCost("no-such-score")).isEqualTo(1);
    }

    @Test
    void momentsAreMeanAndPopulationDeviation() {
        assertThat(Moments.of(new float[] {1, 3})).isEqualTo(new Moments(2, 1));
        assertThat(Moments.of(new float[] {4, 4}).deviation()).isPositive();
    }
}
