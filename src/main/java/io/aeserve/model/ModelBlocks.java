package io.aeserve.model;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.AutoencoderBlock.Outputs;
import io.aeserve.model.block.BlockFactory;
import io.aeserve.model.spec.ModelSpec;

/** Builds a spec's block into a model, initialised for rows of the spec's shape, and measures its code. */
public final class ModelBlocks {

    private ModelBlocks() {}

    /**
     * @param weights how to initialise the weights (training from scratch), or null when parameters are loaded
     *     over them
     */
    public static AutoencoderBlock build(Model model, ModelSpec spec, Initializer weights) {
        AutoencoderBlock block = BlockFactory.create(spec);
        model.setBlock(block);
        if (weights != null) {
            block.setInitializer(weights, Parameter.Type.WEIGHT);
        }
        block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape(spec, 1));
        return block;
    }

    /** The shape of one row. */
    public static Shape rowShape(ModelSpec spec) {
        return new Shape(spec.inputShape().stream().mapToLong(Integer::longValue).toArray());
    }

    /** The shape of a batch of rows. */
    public static Shape batchShape(ModelSpec spec, long rows) {
        return new Shape(rows).addAll(rowShape(spec));
    }

    /**
     * The number of values in one row's code, from a full forward pass of a row of zeros; the pass also places
     * every parameter in the store.
     */
    public static int codeWidth(AutoencoderBlock block, ModelSpec spec, NDManager manager, ParameterStore store) {
        try (NDManager probe = manager.newSubManager()) {
            return (int) block.forward(store, new NDList(probe.zeros(batchShape(spec, 1))), false).get(Outputs.CODE)
                    .size();
        }
    }
}
