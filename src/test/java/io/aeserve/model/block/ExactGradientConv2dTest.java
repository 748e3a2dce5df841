package io.aeserve.model.block;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.aeserve.support.Engines;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training convolution's output, input gradient and weight gradient match a plain loop on every one of many
 * calls, for the layers the service builds: fewer than 16 output channels (the last convolution back to the
 * input's channels, narrow layers) and 16 or more, which go to the engine as they are, so a machine where those
 * are wrong too fails here (see ExactGradientConv2d for why).
 */
class ExactGradientConv2dTest {

    private static final int CALLS = 30;

    @ParameterizedTest(name = "{1} -> {2} channels, {3}x{3}, batch {0}")
    @CsvSource({
        "8, 32, 1, 28",
        "8, 32, 3, 16",
        "4, 16, 1, 28",
        "8, 64, 8, 7",
        "8, 8, 4, 14",
        "1, 32, 1, 28",
        "4, 32, 32, 14",
        "8, 32, 16, 14",
        "4, 16, 16, 28",
        "4, 64, 64, 7",
        "4, 3, 32, 16",
        "4, 3, 3, 16",
    })
    void outputAndGradientsMatchTheDefinitionOnEveryCall(int n, int c, int o, int size) {
        Random random = new Random(3);
        float[] x = gaussian(random, n * c * size * size, 1);
        float[] k = gaussian(random, o * c * 9, 0.1);
        float[] b = gaussian(random, o, 1);
        float[] g = gaussian(random, n * o * size * size, 1);
        Reference expected = new Reference(n, c, o, size, x, k, b, g);
        try (NDManager manager = Engines.cpu().newManager()) {
            NDArray bias = manager.create(b);
            NDArray outputGradient = manager.create(g, new Shape(n, o, size, size));
            for (int call = 0; call < CALLS; call++) {
                try (NDManager callManager = manager.newSubManager()) {
                    NDArray input = callManager.create(x, new Shape(n, c, size, size));
                    NDArray weight = callManager.create(k, new Shape(o, c, 3, 3));
                    input.setRequiresGradient(true);
                    weight.setRequiresGradient(true);
                    NDArray output;
                    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                        output = ExactGradientConv2d.convolveExactly(input, weight, bias);
                        collector.backward(output.mul(outputGradient).sum());
                    }
                    assertClose("output", call, output.toFloatArray(), expected.y);
                    assertClose("input gradient", call, input.getGradient().toFloatArray(), expected.dx);
                    assertClose("weight gradient", call, weight.getGradient().toFloatArray(), expected.dk);
                }
            }
        }
    }

    /** The convolution by its definition, in doubles: output y, and the gradients of sum(y * g). */
    private static final class Reference {

        final double[] y;
        final double[] dx;
        final double[] dk;

        Reference(int n, int c, int o, int size, float[] x, float[] k, float[] b, float[] g) {
            y = new double[n * o * size * size];
            dx = new double[x.length];
            dk = new double[k.length];
            for (int row = 0; row < n; row++) {
                for (int filter = 0; filter < o; filter++) {
                    for (int r = 0; r < size; r++) {
                        for (int s = 0; s < size; s++) {
                            int out = ((row * o + filter) * size + r) * size + s;
                            double sum = b[filter];
                            for (int channel = 0; channel < c; channel++) {
                                for (int i = 0; i < 3; i++) {
                                    int rr = r + i - 1;
                                    if (rr < 0 || rr >= size) {
                                        continue;
                                    }
                                    for (int j = 0; j < 3; j++) {
                                        int ss = s + j - 1;
                                        if (ss < 0 || ss >= size) {
                                            continue;
                                        }
                                        int in = ((row * c + channel) * size + rr) * size + ss;
                                        int tap = ((filter * c + channel) * 3 + i) * 3 + j;
                                        sum += k[tap] * x[in];
                                        dx[in] += k[tap] * g[out];
                                        dk[tap] += x[in] * g[out];
                                    }
                                }
                            }
                            y[out] = sum;
                        }
                    }
                }
            }
        }
    }

    /** Within float rounding of a sum of the reference's size: relative to its largest value. */
    private static void assertClose(String what, int call, float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        double scale = 1e-6;
        for (double value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(actual[i] - expected[i]);
            if (!(error <= 1e-4 * scale)) {
                throw new AssertionError(what + " on call " + call + " at " + i + ": " + actual[i] + ", expected "
                        + expected[i]);
            }
        }
    }

    private static float[] gaussian(Random random, int size, double scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }
}
