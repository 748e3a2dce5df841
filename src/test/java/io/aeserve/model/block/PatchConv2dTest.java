package io.aeserve.model.block;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.aeserve.support.Engines;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The convolution's output and both gradients match a plain loop, every time (see PatchConv2d for why). */
class PatchConv2dTest {

    private static final int N = 2;
    private static final int C = 3;
    private static final int O = 2;
    private static final int H = 6;
    private static final int W = 5;

    @Test
    void outputAndGradientsMatchTheDefinitionOnEveryCall() {
        Random random = new Random(3);
        float[] x = gaussian(random, N * C * H * W);
        float[] k = gaussian(random, O * C * 9);
        float[] b = gaussian(random, O);
        float[] g = gaussian(random, N * O * H * W);
        double[] y = new double[N * O * H * W];
        double[] dx = new double[x.length];
        double[] dk = new double[k.length];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < O; o++) {
                for (int r = 0; r < H; r++) {
                    for (int s = 0; s < W; s++) {
                        int out = ((n * O + o) * H + r) * W + s;
                        y[out] = b[o];
                        for (int c = 0; c < C; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    int rr = r + i - 1;
                                    int ss = s + j - 1;
                                    if (rr < 0 || rr >= H || ss < 0 || ss >= W) {
                                        continue;
                                    }
                                    int in = ((n * C + c) * H + rr) * W + ss;
                                    int tap = ((o * C + c) * 3 + i) * 3 + j;
                                    y[out] += k[tap] * x[in];
                                    dx[in] += k[tap] * g[out];
                                    dk[tap] += x[in] * g[out];
                                }
                            }
                        }
                    }
                }
            }
        }
        try (NDManager manager = Engines.cpu().newManager()) {
            for (int call = 0; call < 20; call++) {
                NDArray input = manager.create(x, new Shape(N, C, H, W));
                NDArray weight = manager.create(k, new Shape(O, C, 3, 3));
                NDArray bias = manager.create(b);
                input.setRequiresGradient(true);
                weight.setRequiresGradient(true);
                NDArray output;
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    output = PatchConv2d.convolve(input, weight, bias);
                    collector.backward(output.mul(manager.create(g, new Shape(N, O, H, W))).sum());
                }
                assertClose(output.toFloatArray(), y);
                assertClose(input.getGradient().toFloatArray(), dx);
                assertClose(weight.getGradient().toFloatArray(), dk);
            }
        }
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    private static float[] gaussian(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
