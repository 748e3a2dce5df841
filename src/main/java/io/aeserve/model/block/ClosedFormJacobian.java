package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.aeserve.model.spec.ActivationKind;

/**
 * The exact Jacobian norm of a one-layer encoder h = f(Wx + b): sum over code units j of f'(z_j)^2 times the
 * squared norm of W's row j. The derivative is read off the code itself (sigmoid h(1-h), tanh 1-h^2, relu and
 * leaky relu by the sign of h), so no second forward pass is needed.
 */
final class ClosedFormJacobian implements JacobianPenalty {

    private final Linear codeLayer;
    private final ActivationKind activation;

    ClosedFormJacobian(Linear codeLayer, ActivationKind activation) {
        if (activation == ActivationKind.GELU) {
            throw new IllegalArgumentException("gelu has no closed form here; use the finite-difference estimate");
        }
        this.codeLayer = codeLayer;
        this.activation = activation;
    }

    static boolean supports(ActivationKind activation) {
        return activation != ActivationKind.GELU;
    }

    @Override
    public NDArray perRow(ParameterStore store, Block encoder, NDArray input, NDArray code) {
        NDArray weight = store.getValue(codeLayer.getParameters().get("weight"), input.getDevice(), true);
        NDArray rowNorms = CallArrays.keptBy(input.getManager(), weight.square()).sum(new int[] {1});
        NDArray derivative = switch (activation) {
            case SIGMOID -> code.mul(code.neg().add(1f));
            case TANH -> code.square().neg().add(1f);
            case RELU -> code.gt(0f).toType(code.getDataType(), false);
            case LEAKY_RELU -> code.gt(0f).toType(code.getDataType(), false)
                    .mul(1f - Activations.LEAKY_RELU_SLOPE).add(Activations.LEAKY_RELU_SLOPE);
            case LINEAR -> code.onesLike();
            case GELU -> throw new IllegalStateException("unreachable");
        };
        return derivative.square().mul(rowNorms).sum(new int[] {1});
    }
}
