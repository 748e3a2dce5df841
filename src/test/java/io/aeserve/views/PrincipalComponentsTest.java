package io.aeserve.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

    @Test
    void pointsOnALineProjectToTheirDistanceAlongIt() {
        // (t, 2t, 0) for t = -2..2: the first axis is (1, 2, 0) / sqrt(5), the second has no variance
        float[] rows = new float[5 * 3];
        for (int t = -2; t <= 2; t++) {
            rows[(t + 2) * 3] = t;
            rows[(t + 2) * 3 + 1] = 2 * t;
        }
        PrincipalComponents.Projection projection = PrincipalComponents.project(rows, 5, 3, 2);

        assertThat(projection.explained()[0]).isCloseTo(1.0, within(1e-6));
        assertThat(projection.explained()[1]).isCloseTo(0.0, within(1e-6));
        float sign = Math.signum(projection.coordinates()[8]);
        for (int t = -2; t <= 2; t++) {
            assertThat(sign * projection.coordinates()[(t + 2) * 2]).isCloseTo((float) (t * Math.sqrt(5)), within(1e-4f));
            assertThat(projection.coordinates()[(t + 2) * 2 + 1]).isCloseTo(0f, within(1e-4f));
        }
    }

    @Test
    void theSecondAxisIsOrthogonalToTheFirstAndExplainsLess() {
        // variance 9 along x, 1 along y: the axes are x then y, sharing the variance 0.9 / 0.1
        float[] rows = {3, 0, -3, 0, 0, 1, 0, -1};
        PrincipalComponents.Projection projection = PrincipalComponents.project(rows, 4, 2, 2);

        assertThat(projection.explained()[0]).isCloseTo(0.9, within(1e-6));
        assertThat(projection.explained()[1]).isCloseTo(0.1, within(1e-6));
        assertThat(Math.abs(projection.coordinates()[0])).isCloseTo(3f, within(1e-4f));
        assertThat(projection.coordinates()[1]).isCloseTo(0f, within(1e-4f));
        assertThat(Math.abs(projection.coordinates()[5])).isCloseTo(1f, within(1e-4f));
    }
}
