package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3x3 convolution with padding 1 (stride 1) whose gradient with respect to its input is right on every CPU.
 * PyTorch's CPU convolution runs on oneDNN, and oneDNN's gradient with respect to the input (backward_data)
 * comes out wrong on some CPUs: with PyTorch 2.7.1 / oneDNN 3.7.1 on an AVX-512 AMD EPYC it returns different
 * values on each call for the same arrays, often NaN, so training diverges in the first epoch; the forward pass
 * and the weight gradients are right, and the same call is often right on such a machine too, so no check at
 * start-up tells an affected machine apart reliably. So where {@link ConvolutionTraining} says so (by default on
 * AMD CPUs), a convolution whose input needs a gradient while training (every one but the first, which reads the
 * data) computes its output as one matrix product of the weights with the input's 3x3 patches, whose gradients
 * (padding, slicing, matrix products) are right everywhere, though many times slower. Elsewhere, and for
 * evaluation and inference, the engine's convolution is used. Same parameters, shapes and saved format as
 * {@link Conv2d}.
 */
final class PatchConv2d extends Conv2d {

    private static final int KERNEL = 3;

    private final boolean readsData;

    /** {@code readsData}: the input is the model's input, which never needs a gradient. */
    PatchConv2d(int filters, boolean readsData) {
        super(Conv2d.builder().setKernelShape(new Shape(KERNEL, KERNEL)).optPadding(new Shape(1, 1))
                .setFilters(filters));
        this.readsData = readsData;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray weightArray = store.getValue(weight, input.getDevice(), training);
        NDArray biasArray = store.getValue(bias, input.getDevice(), training);
        if (!training || readsData || !ConvolutionTraining.exactGradients()) {
            return Conv2d.conv2d(input, weightArray, biasArray, getStride(), getPadding(), getDilation(), getGroups());
        }
        return new NDList(convolve(input, weightArray, biasArray));
    }

    /** [N, C, H, W] input, [O, C, 3, 3] weight and [O] bias to the [N, O, H, W] output. */
    static NDArray convolve(NDArray input, NDArray weight, NDArray bias) {
        Shape shape = input.getShape();
        long rows = shape.get(0);
        long channels = shape.get(1);
        long height = shape.get(2);
        long width = shape.get(3);
        long filters = weight.getShape().get(0);
        NDArray padded = input.pad(new Shape(1, 1, 1, 1), 0);
        NDList taps = new NDList(KERNEL * KERNEL);
        for (int i = 0; i < KERNEL; i++) {
            for (int j = 0; j < KERNEL; j++) {
                taps.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}", i, i + height, j, j + width)));
            }
        }
        // [N, C, 9, H, W] -> [N, C * 9, H * W]: row c * 9 + 3 * i + j is tap (i, j) of channel c, as in the weight
        NDArray patches = NDArrays.stack(taps, 2).reshape(rows, channels * KERNEL * KERNEL, height * width);
        NDArray output = weight.reshape(filters, channels * KERNEL * KERNEL).matMul(patches)
                .reshape(rows, filters, height, width);
        return output.add(bias.reshape(1, filters, 1, 1));
    }
}
