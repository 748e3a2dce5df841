package io.aeserve.model.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.aeserve.support.Engines;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder's 2x nearest-neighbour upsampling and its gradient, against their definitions. */
class UpsamplingTest {

    private static final int N = 2;
    private static final int C = 3;
    private static final int H = 4;
    private static final int W = 5;

    @Test
    void everyValueBecomesATwoByTwoSquareAndItsGradientIsTheSquaresSum() {
        Random random = new Random(5);
        float[] x = new float[N * C * H * W];
        float[] g = new float[N * C * 2 * H * 2 * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = Engines.cpu().newManager()) {
            NDArray input = manager.create(x, new Shape(N, C, H, W));
            input.setRequiresGradient(true);
            NDArray output;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                output = BlockFactory.upsample(new NDList(input)).singletonOrThrow();
                collector.backward(output.mul(manager.create(g, new Shape(N, C, 2 * H, 2 * W))).sum());
            }
            assertThat(output.getShape()).isEqualTo(new Shape(N, C, 2 * H, 2 * W));
            float[] y = output.toFloatArray();
            float[] dx = input.getGradient().toFloatArray();
            float[] expectedGradient = new float[x.length];
            for (int plane = 0; plane < N * C; plane++) {
                for (int r = 0; r < 2 * H; r++) {
                    for (int s = 0; s < 2 * W; s++) {
                        int out = (plane * 2 * H + r) * 2 * W + s;
                        int in = (plane * H + r / 2) * W + s / 2;
                        assertThat(y[out]).as("output at plane %d, %d, %d", plane, r, s).isEqualTo(x[in]);
                        expectedGradient[in] += g[out];
                    }
                }
            }
            for (int i = 0; i < x.length; i++) {
                assertThat(dx[i]).as("gradient %d", i).isCloseTo(expectedGradient[i], within(1e-5f));
            }
        }
    }
}
