package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Arrays a forward call computes from a parameter. The engine files a result with its first operand's manager,
 * for a parameter the model's, which lives as long as the model: left there, every training step would keep its
 * copy until the job ends. They go with the call's own manager instead.
 */
final class CallArrays {

    private CallArrays() {}

    /** {@code fromParameter}, now closed with {@code callManager}. */
    static NDArray keptBy(NDManager callManager, NDArray fromParameter) {
        fromParameter.attach(callManager);
        return fromParameter;
    }
}
