package io.aeserve.model.block;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the engine's 3x3 convolution gives the right gradient for its input on this machine, found once per
 * process by comparing it with {@link PatchConv2d#convolve} on the shapes where it has been seen wrong (see
 * {@link PatchConv2d}). It runs when a convolutional block is built, on a thread of its own (the engine's gradient
 * mode is per thread, so the caller's is left as it was), and draws no engine random numbers.
 */
final class EngineConvolutionCheck {

    private static final Logger log = LoggerFactory.getLogger(EngineConvolutionCheck.class);
    private static final int[][] CHANNELS = {{8, 1}, {16, 8}, {8, 8}, {32, 16}};
    private static final int REPEATS = 4;

    private static volatile Boolean inputGradientRight;

    private EngineConvolutionCheck() {}

    /** What the check found; false until it has run, so a convolution takes the exact path when in doubt. */
    static boolean inputGradientIsRight() {
        return Boolean.TRUE.equals(inputGradientRight);
    }

    /**
     * Runs the check unless it has run. Call it before a training step: the engine lets one gradient collector run
     * at a time in a process, so while another job is inside a step the check is left for the next call.
     */
    static void ensureChecked(Engine engine) {
        if (inputGradientRight == null) {
            synchronized (EngineConvolutionCheck.class) {
                if (inputGradientRight == null) {
                    inputGradientRight = measureOnOwnThread(engine);
                }
            }
        }
    }

    private static Boolean measureOnOwnThread(Engine engine) {
        AtomicReference<Boolean> right = new AtomicReference<>();
        Thread thread = new Thread(() -> right.set(measure(engine)), "convolution-check");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (Boolean.FALSE.equals(right.get())) {
            log.warn("The engine's convolution gives a wrong input gradient on this CPU; convolutional models train "
                    + "through patch matrix products instead, which is right but slower");
        }
        return right.get();
    }

    /** True or false as found; null when another gradient collector was running. */
    private static Boolean measure(Engine engine) {
        Random random = new Random(7);
        try (NDManager manager = engine.newBaseManager()) {
            for (int[] channels : CHANNELS) {
                Shape inputShape = new Shape(16, channels[0], 8, 8);
                NDArray weight = manager.create(floats(random, 9 * channels[0] * channels[1]),
                        new Shape(channels[1], channels[0], 3, 3));
                NDArray bias = manager.zeros(new Shape(channels[1]));
                float[] input = floats(random, (int) inputShape.size());
                NDArray upstream = manager.create(floats(random, (int) inputShape.size() / channels[0] * channels[1]),
                        new Shape(16, channels[1], 8, 8));
                float[] expected = inputGradient(engine, manager, input, inputShape, weight, bias, upstream, true);
                for (int repeat = 0; repeat < REPEATS; repeat++) {
                    float[] actual = inputGradient(engine, manager, input, inputShape, weight, bias, upstream, false);
                    for (int i = 0; i < expected.length; i++) {
                        if (!(Math.abs(actual[i] - expected[i]) <= 1e-3f * (1 + Math.abs(expected[i])))) {
                            return false;
                        }
                    }
                }
            }
            return true;
        } catch (IllegalStateException busy) {
            log.debug("The convolution check waits for a free gradient collector: {}", busy.getMessage());
            return null;
        }
    }

    private static float[] inputGradient(Engine engine, NDManager manager, float[] values, Shape shape,
            NDArray weight, NDArray bias, NDArray upstream, boolean patches) {
        try (NDManager step = manager.newSubManager()) {
            NDArray input = step.create(values, shape);
            input.setRequiresGradient(true);
            // as in training, the weights take a gradient too: the engine then runs its backward pass for both
            weight = weight.duplicate();
            weight.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray output = patches ? PatchConv2d.convolve(input, weight, bias)
                        : Conv2d.conv2d(input, weight, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                                .head();
                collector.backward(output.mul(upstream).sum());
            }
            return input.getGradient().toFloatArray();
        }
    }

    private static float[] floats(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
