package io.aeserve.model.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.Variant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the DJL block of a completed spec. Convolutional encoders are 3x3 convolutions each followed by 2x2 max
 * pooling; their decoders mirror them with 2x nearest-neighbour upsampling each followed by a 3x3 convolution (the
 * PyTorch engine of DJL has no transposed convolution; upsampling also avoids its checkerboard artefacts), and a
 * last 3x3 convolution back to the input's channels. The same spec always gives the same block structure, so saved
 * parameters load back into a block rebuilt from the stored spec.
 */
public final class BlockFactory {

    /** The engine's number for nearest-neighbour interpolation. */
    private static final int NEAREST = 0;

    private BlockFactory() {}

    public static AutoencoderBlock create(ModelSpec spec) {
        boolean variational = spec.variant() == Variant.VARIATIONAL;
        return spec.isConvolutional() ? convolutional(spec, variational) : dense(spec, variational);
    }

    private static AutoencoderBlock dense(ModelSpec spec, boolean variational) {
        SequentialBlock encoder = new SequentialBlock();
        for (int width : spec.hiddenLayers()) {
            encoder.add(Linear.builder().setUnits(width).build()).add(Activations.block(spec.activation()));
        }
        Linear codeLayer = null;
        if (!variational) {
            codeLayer = Linear.builder().setUnits(spec.latentDim()).build();
            encoder.add(codeLayer).add(Activations.block(spec.codeActivation()));
        }
        SequentialBlock decoder = new SequentialBlock();
        for (int width : spec.decoderLayers()) {
            decoder.add(Linear.builder().setUnits(width).build()).add(Activations.block(spec.activation()));
        }
        decoder.add(Linear.builder().setUnits(spec.inputSize()).build());
        JacobianPenalty jacobian = null;
        if (spec.variant() == Variant.CONTRACTIVE) {
            jacobian = spec.hiddenLayers().isEmpty() && ClosedFormJacobian.supports(spec.codeActivation())
                    ? new ClosedFormJacobian(codeLayer, spec.codeActivation())
                    : new FiniteDifferenceJacobian();
        }
        return new AutoencoderBlock(spec, encoder, decoder, variational ? spec.latentDim() : null, jacobian);
    }

    private static AutoencoderBlock convolutional(ModelSpec spec, boolean variational) {
        List<Integer> channels = spec.hiddenLayers();
        int inputChannels = spec.inputShape().get(0);
        int scale = 1 << channels.size();
        int height = spec.inputShape().get(1) / scale;
        int width = spec.inputShape().get(2) / scale;
        int lastChannels = channels.get(channels.size() - 1);

        SequentialBlock encoder = new SequentialBlock();
        for (int i = 0; i < channels.size(); i++) {
            encoder.add(new ExactGradientConv2d(channels.get(i), i == 0))
                    .add(Activations.block(spec.activation()))
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        encoder.add(Blocks.batchFlattenBlock());
        Integer latentDim = spec.latentDim();
        if (latentDim != null && !variational) {
            encoder.add(Linear.builder().setUnits(latentDim).build()).add(Activations.block(spec.codeActivation()));
        }

        SequentialBlock decoder = new SequentialBlock();
        if (latentDim != null) {
            decoder.add(Linear.builder().setUnits((long) lastChannels * height * width).build())
                    .add(Activations.block(spec.activation()));
        }
        decoder.add(new LambdaBlock(list -> new NDList(
                list.singletonOrThrow().reshape(-1, lastChannels, height, width)), "unflatten"));
        List<Integer> reversed = new ArrayList<>(channels);
        Collections.reverse(reversed);
        for (int c : reversed) {
            decoder.add(new LambdaBlock(BlockFactory::upsample, "upsample"))
                    .add(new ExactGradientConv2d(c, false))
                    .add(Activations.block(spec.activation()));
        }
        decoder.add(new ExactGradientConv2d(inputChannels, false));
        return new AutoencoderBlock(spec, encoder, decoder, variational ? latentDim : null, null);
    }

    /**
     * 2x nearest-neighbour upsampling of [N, C, H, W]: each value becomes a 2x2 square. The engine's own kernel,
     * whose gradient sums each square back in one pass; a broadcast copy made the gradient a reduction over two
     * interleaved axes of size 2, which took a fifth of a convolutional training step.
     */
    static NDList upsample(NDList list) {
        PtNDArray x = (PtNDArray) list.singletonOrThrow();
        Shape shape = x.getShape();
        return new NDList(JniUtils.interpolate(x, new long[] {shape.get(2) * 2, shape.get(3) * 2}, NEAREST, false));
    }
}
