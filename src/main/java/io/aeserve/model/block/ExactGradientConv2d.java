package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3x3 convolution with padding 1 (stride 1) whose gradient with respect to its input is right on every CPU.
 * PyTorch's CPU convolution runs on oneDNN, and with PyTorch 2.7.1 / oneDNN 3.7.1 on an AVX-512 AMD EPYC its
 * gradient with respect to the input comes out wrong (different on each call, often NaN) when the convolution has
 * fewer than 16 output channels, so training diverges in the first epoch; with 16 or more it is right, as are the
 * forward pass and the weight gradient. So where {@link ConvolutionTraining} says so (by default on AMD CPUs), a
 * convolution with fewer than 16 filters whose input needs a gradient while training (every one but the first,
 * which reads the data) convolves with its filters padded with zero filters up to 16 and keeps its own output
 * channels, which costs little; the zero filters' outputs are dropped, so they add nothing to any gradient.
 * Otherwise, and for evaluation and inference, the engine's convolution runs as it is. Every convolution runs
 * channels-last (see {@link #channelsLast}). Same parameters, shapes and saved format as {@link Conv2d}.
 */
final class ExactGradientConv2d extends Conv2d {

    /** Below this many output channels the engine's input gradient has been seen wrong. */
    static final int EXACT_FILTERS = 16;

    private static final int KERNEL = 3;

    private final boolean readsData;

    /** {@code readsData}: the input is the model's input, which never needs a gradient. */
    ExactGradientConv2d(int filters, boolean readsData) {
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
            return new NDList(convolve(input, weightArray, biasArray));
        }
        return new NDList(convolveExactly(input, weightArray, biasArray));
    }

    /**
     * [N, C, H, W] input, [O, C, 3, 3] weight and [O] bias to the [N, O, H, W] output, through filters padded with
     * zero filters to {@link #EXACT_FILTERS} when there are fewer, so that the input gradient is right.
     */
    static NDArray convolveExactly(NDArray input, NDArray weight, NDArray bias) {
        long filters = weight.getShape().get(0);
        if (filters >= EXACT_FILTERS) {
            return convolve(input, weight, bias);
        }
        NDManager manager = input.getManager();
        long extra = EXACT_FILTERS - filters;
        NDArray paddedWeight = CallArrays.keptBy(manager,
                weight.concat(manager.zeros(new Shape(extra).addAll(weight.getShape().slice(1))), 0));
        NDArray paddedBias = CallArrays.keptBy(manager, bias.concat(manager.zeros(new Shape(extra)), 0));
        return convolve(input, paddedWeight, paddedBias).get(new NDIndex(":, :{}", filters));
    }

    private static NDArray convolve(NDArray input, NDArray weight, NDArray bias) {
        Shape one = new Shape(1, 1);
        return Conv2d.conv2d(input, channelsLast(weight, input.getManager()), bias, one, one, one, 1)
                .singletonOrThrow();
    }

    /**
     * The same [O, C, kh, kw] weight stored channels-last ([O, kh, kw, C] in memory). Given such a weight, the
     * engine runs the convolution channels-last and gives its output that layout, which the activations, pooling
     * and upsampling after it keep, gradients included: oneDNN then needs no conversion of the activations to and
     * from its blocked layout around every convolution, and upsampling none to and from channels-last (a
     * convolutional denoiser trained 1.17x as fast, and inferred 1.4-1.7x, as with the default layout).
     */
    private static NDArray channelsLast(NDArray weight, NDManager manager) {
        Shape shape = weight.getShape();
        NDArray permuted = CallArrays.keptBy(manager, weight.transpose(0, 2, 3, 1));
        // the permuted dimensions cannot be viewed as one, so this reshape copies them into [O, kh, kw, C] order
        return permuted.reshape(shape.get(0), -1).reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);
    }
}
