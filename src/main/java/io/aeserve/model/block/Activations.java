package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import io.aeserve.model.spec.ActivationKind;
import io.aeserve.model.spec.OutputActivation;

/** Maps the spec's activation names to DJL blocks and functions. */
final class Activations {

    static final float LEAKY_RELU_SLOPE = 0.01f;

    private Activations() {}

    static Block block(ActivationKind kind) {
        return switch (kind) {
            case LINEAR -> Blocks.identityBlock();
            case RELU -> Activation.reluBlock();
            case LEAKY_RELU -> Activation.leakyReluBlock(LEAKY_RELU_SLOPE);
            case SIGMOID -> Activation.sigmoidBlock();
            case TANH -> Activation.tanhBlock();
            case GELU -> Activation.geluBlock();
        };
    }

    static NDArray apply(OutputActivation kind, NDArray logits) {
        return switch (kind) {
            case LINEAR -> logits;
            case SIGMOID -> Activation.sigmoid(logits);
            case TANH -> logits.tanh();
        };
    }
}
