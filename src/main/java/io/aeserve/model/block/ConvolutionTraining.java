package io.aeserve.model.block;

/**
 * Whether convolutions train through {@link PatchConv2d}'s exact patch product (right on every CPU, several times
 * slower) or through the engine's convolution. Set once at start-up from {@code aeserve.exact-convolution-training};
 * until then the exact product is used.
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
