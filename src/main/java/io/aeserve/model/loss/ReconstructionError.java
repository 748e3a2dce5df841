package io.aeserve.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.aeserve.model.spec.LossKind;

/**
 * Element-wise reconstruction error by the model's loss: squared error, or binary cross-entropy computed from the
 * decoder's logits (stable for saturated outputs) less the target's own entropy, so that a perfect reconstruction
 * scores 0 whatever the target (plain cross-entropy is high for any grey value, which would make rows with many
 * grey values look anomalous). The entropy does not depend on the model, so training is unchanged. Rows are
 * reduced to the mean over their features.
 */
public final class ReconstructionError {

    private static final float EPSILON = 1e-7f;

    private ReconstructionError() {}

    /** Error of every value, shaped like the input. */
    public static NDArray elementwise(LossKind loss, NDArray target, NDArray reconstruction, NDArray logits) {
        return switch (loss) {
            case MSE -> reconstruction.sub(target).square();
            case BCE -> {
                // max(logits, 0) as a relu, whose gradient is one cheap pass (maximum's also reduces to its scalar)
                NDArray crossEntropy = Activation.relu(logits).sub(logits.mul(target))
                        .add(logits.abs().neg().exp().add(1f).log());
                NDArray clipped = target.clip(EPSILON, 1 - EPSILON);
                NDArray negativeEntropy = target.mul(clipped.log())
                        .add(target.neg().add(1f).mul(clipped.neg().add(1f).log()));
                yield crossEntropy.add(negativeEntropy);
            }
        };
    }

    /** Mean error of each row, shape [rows]. */
    public static NDArray perRow(LossKind loss, NDArray target, NDArray reconstruction, NDArray logits) {
        NDArray errors = elementwise(loss, target, reconstruction, logits);
        return errors.reshape(errors.getShape().get(0), -1).mean(new int[] {1});
    }
}
