package io.aeserve.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LatentGaussianTest {

    @Test
    void inverseTimesMatrixIsTheIdentity() {
        double[] a = {4, 2, 0.6, 2, 5, 1, 0.6, 1, 3};
        double[] inverse = LatentGaussian.invertSymmetricPositive(a, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += a[i * 3 + k] * inverse[k * 3 + j];
                }
                assertThat(sum).isCloseTo(i == j ? 1 : 0, Offset.offset(1e-12));
            }
        }
    }

    @Test
    void distancesFollowTheShapeOfTheCodes() {
        Random random = new Random(3);
        int rows = 5000;
        float[] codes = new float[rows * 2];
        for (int r = 0; r < rows; r++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            codes[2 * r] = (float) (3 * a + 1);
            codes[2 * r + 1] = (float) (3 * a + 0.3 * b - 2);
        }
        LatentGaussian gaussian = LatentGaussian.fit(codes, rows, 2);
        assertThat(gaussian.mean()[0]).isCloseTo(1f, Offset.offset(0.2f));
        assertThat(gaussian.mean()[1]).isCloseTo(-2f, Offset.offset(0.2f));
        // along the data's long axis a point is near; across it, at a similar Euclidean distance, it is far
        float[] probes = {1 + 3, -2 + 3, 1 + 3, -2 - 3};
        float[] distances = gaussian.distances(probes, 2);
        assertThat(distances[1]).isGreaterThan(distances[0] * 10);
        double mean = 0;
        for (float d : gaussian.distances(codes, rows)) {
            mean += d / rows;
        }
        assertThat(mean).as("training distances average about the dimension").isBetween(1.0, 2.5);
    }
}
