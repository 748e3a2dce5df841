package io.aeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CodeNeighborsTest {

    @Test
    void scoresAreTheMeanMahalanobisDistanceToTheNearestTrainingCodes() {
        Random random = new Random(5);
        int rows = 300;
        int dimension = 6;
        float[] codes = correlated(random, rows, dimension);
        LatentGaussian gaussian = LatentGaussian.fit(codes, rows, dimension);
        CodeNeighbors neighbors = new CodeNeighbors(codes, gaussian);
        float[] queries = correlated(random, 20, dimension);

        float[] scores = neighbors.distances(queries, 20);
        float[] leaveOneOut = neighbors.leaveOneOut();
        for (int q = 0; q < 20; q++) {
            assertThat(scores[q]).isCloseTo((float) bruteForce(gaussian, codes, rows, queries, q, -1),
                    Offset.offset(1e-3f));
        }
        for (int r = 0; r < rows; r += 37) {
            assertThat(leaveOneOut[r]).as("row %d among the others", r)
                    .isCloseTo((float) bruteForce(gaussian, codes, rows, codes, r, r), Offset.offset(1e-3f));
        }
    }

    @Test
    void aCodeBetweenTwoClustersIsFarFromItsNeighboursThoughNearTheOverallMean() {
        Random random = new Random(8);
        int rows = 2000;
        float[] codes = new float[rows * 2];
        for (int r = 0; r < rows; r++) {
            codes[2 * r] = (float) ((r % 2 == 0 ? -5 : 5) + 0.5 * random.nextGaussian());
            codes[2 * r + 1] = (float) (0.5 * random.nextGaussian());
        }
        LatentGaussian gaussian = LatentGaussian.fit(codes, rows, 2);
        CodeNeighbors neighbors = new CodeNeighbors(codes, gaussian);
        float[] probes = {0, 0, 5, 0};
        float[] gaussianScores = gaussian.distances(probes, 2);
        float[] neighborScores = neighbors.distances(probes, 2);
        assertThat(gaussianScores[0]).as("the Gaussian sees the gap as its centre").isLessThan(gaussianScores[1]);
        assertThat(neighborScores[0]).as("the neighbours see the gap").isGreaterThan(neighborScores[1] * 10);
        float[] training = neighbors.leaveOneOut();
        Arrays.sort(training);
        assertThat(neighborScores[0]).isGreaterThan(training[training.length - 1]);
    }

    @Test
    void largeTrainingSetsAreSampledEvenly() {
        int rows = CodeNeighbors.MAX_REFERENCES * 3 + 7;
        float[] codes = new float[rows];
        for (int r = 0; r < rows; r++) {
            codes[r] = r;
        }
        float[] sample = CodeNeighbors.sample(codes, rows, 1);
        assertThat(sample).hasSize(CodeNeighbors.MAX_REFERENCES);
        assertThat(sample[0]).isEqualTo(0f);
        assertThat(sample[sample.length - 1]).isGreaterThanOrEqualTo(rows - rows / CodeNeighbors.MAX_REFERENCES - 1);
        assertThat(CodeNeighbors.sample(new float[] {1, 2, 3}, 3, 1)).containsExactly(1, 2, 3);
    }

    @Test
    void tooFewReferencesAreRefused() {
        float[] codes = {0, 1, 2, 3, 4, 5, 6, 7};
        LatentGaussian gaussian = LatentGaussian.fit(codes, 4, 2);
        assertThatThrownBy(() -> new CodeNeighbors(codes, gaussian)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] correlated(Random random, int rows, int dimension) {
        float[] codes = new float[rows * dimension];
        for (int r = 0; r < rows; r++) {
            double shared = random.nextGaussian();
            for (int i = 0; i < dimension; i++) {
                codes[r * dimension + i] = (float) ((i + 1) * shared + 0.3 * (i + 1) * random.nextGaussian() + i);
            }
        }
        return codes;
    }

    private static double bruteForce(LatentGaussian gaussian, float[] codes, int rows, float[] queries, int q,
            int skip) {
        int d = gaussian.dimension();
        double[] distances = new double[rows - (skip >= 0 ? 1 : 0)];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (r == skip) {
                continue;
            }
            double sum = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sum += (queries[q * d + i] - codes[r * d + i]) * gaussian.precision()[i * d + j]
                            * (queries[q * d + j] - codes[r * d + j]);
                }
            }
            distances[n++] = Math.sqrt(sum);
        }
        Arrays.sort(distances);
        return Arrays.stream(distances, 0, CodeNeighbors.K).average().orElseThrow();
    }
}
