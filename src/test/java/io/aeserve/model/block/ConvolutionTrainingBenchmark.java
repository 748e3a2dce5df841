package io.aeserve.model.block;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What training through {@link ExactGradientConv2d} costs: one training step (forward and backward, input and
 * weight gradients) of each inner convolution of the recommended denoiser (batch 128, 32 channels, 28x28 and 14x14,
 * and the last one to one channel), the engine's convolution as it is against the exact way, alternating in the
 * same run so that the machine's drift does not decide the ratio. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=ConvolutionTrainingBenchmark}.
 */
@Tag("benchmark")
class ConvolutionTrainingBenchmark {

    private static final int BATCH = 128;
    private static final int STEPS = 10;
    private static final int ROUNDS = 3;

    @Test
    void printStepTimes() {
        Engine engine = Engine.getInstance();
        int[][] layers = {{32, 32, 28}, {32, 32, 14}, {32, 1, 28}};
        for (int[] layer : layers) {
            double convolution = 0;
            double exact = 0;
            for (int round = 0; round < ROUNDS; round++) {
                convolution += millisPerStep(engine, layer, false) / ROUNDS;
                exact += millisPerStep(engine, layer, true) / ROUNDS;
            }
            System.out.printf("%2d -> %2d channels, %dx%d, batch %d: engine %.1f ms, exact %.1f ms per step "
                    + "(%.2fx)%n", layer[0], layer[1], layer[2], layer[2], BATCH, convolution, exact,
                    exact / convolution);
        }
    }

    private static double millisPerStep(Engine engine, int[] layer, boolean exact) {
        Random random = new Random(1);
        try (NDManager manager = engine.newBaseManager()) {
            Shape inputShape = new Shape(BATCH, layer[0], layer[2], layer[2]);
            NDArray values = manager.create(gaussian(random, (int) inputShape.size()), inputShape);
            NDArray weight = manager.create(gaussian(random, 9 * layer[0] * layer[1]),
                    new Shape(layer[1], layer[0], 3, 3));
            NDArray bias = manager.zeros(new Shape(layer[1]));
            weight.setRequiresGradient(true);
            long total = 0;
            for (int step = -3; step < STEPS; step++) {
                try (NDManager stepManager = manager.newSubManager()) {
                    NDArray input = values.duplicate();
                    input.attach(stepManager);
                    input.setRequiresGradient(true);
                    long begin = System.nanoTime();
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray output = exact ? ExactGradientConv2d.convolveExactly(input, weight, bias)
                                : Conv2d.conv2d(input, weight, bias, new Shape(1, 1), new Shape(1, 1),
                                        new Shape(1, 1), 1).head();
                        collector.backward(output.mean());
                    }
                    input.getGradient().toFloatArray();
                    if (step >= 0) {
                        total += System.nanoTime() - begin;
                    }
                }
            }
            return total / 1e6 / STEPS;
        }
    }

    private static float[] gaussian(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
