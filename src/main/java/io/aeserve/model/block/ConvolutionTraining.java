package io.aeserve.model.block;

/**
 * Whether convolutions train in the way whose gradients are right on every CPU ({@link ExactGradientConv2d}) or
 * through the engine's convolution as it is. Set once at start-up from {@code aeserve.exact-convolution-training};
 * until then the exact way is used.
 */
public final class ConvolutionTraining {

    private static volatile boolean exact = true;

    private ConvolutionTraining() {}

    public static void useExactGradients(boolean exactGradients) {
        exact = exactGradients;
    }

    public static boolean exactGradients() {
        return exact;
    }
}
