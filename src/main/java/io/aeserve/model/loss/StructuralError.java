package io.aeserve.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.aeserve.model.spec.ModelSpec;
import java.util.List;

/**
 * The structural reconstruction error of images: 1 - SSIM, the structural similarity of Wang et al. (2004) with
 * 7x7 uniform windows (as scikit-image's default), averaged over every window and channel of a row. It compares
 * local means, contrasts and correlations rather than single values, so a reconstruction that is slightly shifted
 * or blurred costs little and a missing or added structure costs much. Values are taken in the model's normalised
 * units with a dynamic range of 1, which suits images in [0, 1] and any data under minmax normalisation.
 */
public final class StructuralError {

    public static final int WINDOW = 7;
    private static final float C1 = 0.01f * 0.01f;
    private static final float C2 = 0.03f * 0.03f;

    private StructuralError() {}

    /** Whether the model's rows are images large enough for one window. */
    public static boolean supports(ModelSpec spec) {
        List<Integer> shape = spec.inputShape();
        return spec.isConvolutional() && shape.size() == 3 && shape.get(1) >= WINDOW && shape.get(2) >= WINDOW;
    }

    /** 1 - mean SSIM of each row of [rows, C, H, W] images, shape [rows]. */
    public static NDArray perRow(NDArray target, NDArray reconstruction) {
        NDArray meanX = windowMean(target);
        NDArray meanY = windowMean(reconstruction);
        NDArray varianceX = windowMean(target.square()).sub(meanX.square());
        NDArray varianceY = windowMean(reconstruction.square()).sub(meanY.square());
        NDArray covariance = windowMean(target.mul(reconstruction)).sub(meanX.mul(meanY));
        NDArray similarity = meanX.mul(meanY).mul(2f).add(C1).mul(covariance.mul(2f).add(C2))
                .div(meanX.square().add(meanY.square()).add(C1).mul(varianceX.add(varianceY).add(C2)));
        return similarity.reshape(similarity.getShape().get(0), -1).mean(new int[] {1}).neg().add(1f);
    }

    private static NDArray windowMean(NDArray images) {
        return Pool.avgPool2d(images, new Shape(WINDOW, WINDOW), new Shape(1, 1), new Shape(0, 0), false, true);
    }
}
