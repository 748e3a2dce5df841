package io.aeserve.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.OutputActivation;

/**
 * An autoencoder: encoder, optional variational heads, decoder. {@link #forward} returns named arrays
 * ({@link Outputs}): the reconstruction, its pre-activation logits, the code and, where the variant has them, the
 * log-variance and the per-row squared Frobenius norm of the encoder's Jacobian; the losses read them by name.
 */
public final class AutoencoderBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final Linear meanHead;
    private final Linear logVarianceHead;
    private final Block decoder;
    private final OutputActivation outputActivation;
    private final Shape inputShape;
    private final JacobianPenalty jacobianPenalty;

    AutoencoderBlock(ModelSpec spec, Block encoder, Block decoder, Integer variationalLatentDim,
            JacobianPenalty jacobianPenalty) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", encoder);
        if (variationalLatentDim != null) {
            this.meanHead = addChildBlock("mean", Linear.builder().setUnits(variationalLatentDim).build());
            this.logVarianceHead = addChildBlock("logVariance",
                    Linear.builder().setUnits(variationalLatentDim).build());
        } else {
            this.meanHead = null;
            this.logVarianceHead = null;
        }
        this.decoder = addChildBlock("decoder", decoder);
        this.outputActivation = spec.outputActivation();
        this.inputShape = new Shape(spec.inputShape().stream().mapToLong(Integer::longValue).toArray());
        this.jacobianPenalty = jacobianPenalty;
    }

    public boolean isVariational() {
        return meanHead != null;
    }

    /** The code of each row: {@code [code]}, or {@code [mean, logVariance]} for a variational model. */
    public NDList encode(ParameterStore store, NDArray inputs, boolean training) {
        NDList features = encoder.forward(store, new NDList(inputs), training);
        if (!isVariational()) {
            return features;
        }
        NDArray mean = meanHead.forward(store, features, training).singletonOrThrow();
        NDArray logVariance = logVarianceHead.forward(store, features, training).singletonOrThrow();
        return new NDList(mean, logVariance);
    }

    /** The decoder's pre-activation output for codes; apply {@link #activateOutput} for the reconstruction. */
    public NDArray decodeLogits(ParameterStore store, NDArray codes, boolean training) {
        return decoder.forward(store, new NDList(codes), training).singletonOrThrow();
    }

    public NDArray activateOutput(NDArray logits) {
        return Activations.apply(outputActivation, logits);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.head();
        NDList encoded = encode(store, input, training);
        NDArray code = encoded.head();
        NDArray latent = code;
        NDList outputs = new NDList();
        if (isVariational()) {
            NDArray logVariance = encoded.get(1);
            if (training) {
                NDArray noise = code.getManager().randomNormal(code.getShape());
                latent = code.add(logVariance.mul(0.5f).exp().mul(noise));
            }
            outputs.add(named(logVariance, Outputs.LOG_VARIANCE));
        }
        NDArray logits = decodeLogits(store, latent, training);
        // a linear output is the logits themselves; the copy keeps one array per name
        NDArray reconstruction = outputActivation == OutputActivation.LINEAR ? logits.add(0f) : activateOutput(logits);
        outputs.add(named(reconstruction, Outputs.RECONSTRUCTION));
        outputs.add(named(logits, Outputs.LOGITS));
        outputs.add(named(code, Outputs.CODE));
        if (training && jacobianPenalty != null) {
            outputs.add(named(jacobianPenalty.perRow(store, encoder, input, code), Outputs.JACOBIAN_NORM));
        }
        return outputs;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape[] shapes = encoder.getOutputShapes(inputShapes);
        if (isVariational()) {
            meanHead.initialize(manager, dataType, shapes);
            logVarianceHead.initialize(manager, dataType, shapes);
            shapes = meanHead.getOutputShapes(shapes);
        }
        decoder.initialize(manager, dataType, shapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape[] codeShapes = encoder.getOutputShapes(inputShapes);
        if (isVariational()) {
            codeShapes = meanHead.getOutputShapes(codeShapes);
        }
        Shape output = new Shape(batch).addAll(inputShape);
        return new Shape[] {output, output, codeShapes[0]};
    }

    /** Names of the arrays {@link AutoencoderBlock#forward} returns. */
    public static final class Outputs {
        public static final String RECONSTRUCTION = "reconstruction";
        public static final String LOGITS = "logits";
        public static final String CODE = "code";
        public static final String LOG_VARIANCE = "logVariance";
        public static final String JACOBIAN_NORM = "jacobianNorm";

        private Outputs() {}
    }
}
