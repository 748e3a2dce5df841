package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Per-row squared Frobenius norm of the encoder's Jacobian with respect to its input (contractive models). */
interface JacobianPenalty {

    NDArray perRow(ParameterStore store, Block encoder, NDArray input, NDArray code);
}
