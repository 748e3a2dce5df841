package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * An unbiased stochastic estimate of the Jacobian norm of a deep encoder f: for e ~ N(0, I) and a small step s,
 * E ||f(x + s e) - f(x)||^2 / s^2 = ||J||_F^2 to first order in s (one probe per row per batch; Hutchinson's
 * estimator applied to J^T J through a finite difference). Gradients flow through both forward passes.
 */
final class FiniteDifferenceJacobian implements JacobianPenalty {

    static final float STEP = 0.01f;

    @Override
    public NDArray perRow(ParameterStore store, Block encoder, NDArray input, NDArray code) {
        NDArray probe = input.getManager().randomNormal(input.getShape()).mul(STEP);
        NDArray shifted = encoder.forward(store, new NDList(input.add(probe)), true).head();
        NDArray difference = shifted.sub(code).square();
        return difference.reshape(difference.getShape().get(0), -1).sum(new int[] {1}).div(STEP * STEP);
    }
}
