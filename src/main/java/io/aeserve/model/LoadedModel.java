package io.aeserve.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.aeserve.engine.FloatUpload;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.Parameters;
import io.aeserve.model.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A trained autoencoder ready to run: the block rebuilt from its spec with the stored parameters loaded. Inputs
 * and outputs are in the data's own units: normalisation is applied on the way in and inverted on the way out;
 * reconstruction errors are measured in the normalised space, by the model's loss. Every call works in a child
 * manager of its own, closed before it returns; parameters are only read, so calls may run concurrently.
 */
public final class LoadedModel implements AutoCloseable {

    /**
     * Larger requests run in passes of this many rows, which bounds the memory of one request (a pass over 4,096
     * images would hold gigabytes of activations).
     */
    static final int MAX_ROWS_PER_PASS = 256;

    private final ModelSpec spec;
    private final Normalization normalization;
    private final Model model;
    private final AutoencoderBlock block;
    private final ParameterStore store;
    private final Shape rowShape;
    private final int latentSize;
    private final int inputWidth;

    public LoadedModel(ModelSpec spec, byte[] parameters, Normalization normalization, Device device, String engine) {
        this.spec = spec;
        this.normalization = normalization;
        this.rowShape = ModelBlocks.rowShape(spec);
        this.inputWidth = spec.inputSize();
        this.model = Model.newInstance("serving", device, engine);
        try {
            this.block = ModelBlocks.build(model, spec, null);
            Parameters.load(block, model.getNDManager(), parameters);
            this.store = new ParameterStore(model.getNDManager(), false);
            // its full pass places every parameter in the store before concurrent calls only read it
            this.latentSize = ModelBlocks.codeWidth(block, spec, model.getNDManager(), store);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public Normalization normalization() {
        return normalization;
    }

    public int latentSize() {
        return latentSize;
    }

    /** Codes of the rows; {@code logVariance} is set for variational models. */
    public record Encoded(float[] codes, float[] logVariance) {}

    public Encoded encode(float[] rows, int count) {
        if (count > MAX_ROWS_PER_PASS) {
            List<Encoded> parts = inPasses(rows, count, inputWidth, this::encode);
            return new Encoded(concat(parts, Encoded::codes), concat(parts, Encoded::logVariance));
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList encoded = block.encode(store, input(manager, rows, count), false);
            return new Encoded(encoded.head().toFloatArray(), spec.isVariational() ? encoded.get(1).toFloatArray() : null);
        }
    }

    public float[] decode(float[] codes, int count) {
        if (count > MAX_ROWS_PER_PASS) {
            return concat(inPasses(codes, count, latentSize, this::decode), part -> part);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray latent = FloatUpload.of(manager, codes, 0, count * latentSize, new Shape(count, latentSize));
            NDArray output = block.activateOutput(block.decodeLogits(store, latent, false));
            return normalization.invertInPlace(output.toFloatArray());
        }
    }

    /** The asked-for outputs of a forward pass over the rows; nothing else is computed. */
    public ForwardResult forward(float[] rows, int count, Set<ForwardOutput> wanted) {
        if (count > MAX_ROWS_PER_PASS) {
            return ForwardResult.concat(inPasses(rows, count, inputWidth, (part, n) -> forward(part, n, wanted)));
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = input(manager, rows, count);
            NDList outputs = block.forward(store, new NDList(input), false);
            return ForwardPass.read(spec, input, outputs, count, wanted, normalization);
        }
    }

    /** Runs a pass over at most {@link #MAX_ROWS_PER_PASS} rows at a time. */
    private static <T> List<T> inPasses(float[] rows, int count, int width, BiFunction<float[], Integer, T> pass) {
        List<T> parts = new ArrayList<>();
        for (int from = 0; from < count; from += MAX_ROWS_PER_PASS) {
            int n = Math.min(MAX_ROWS_PER_PASS, count - from);
            parts.add(pass.apply(Arrays.copyOfRange(rows, from * width, (from + n) * width), n));
        }
        return parts;
    }

    /** The parts' arrays one after the other, or null when the parts have none. */
    private static <T> float[] concat(List<T> parts, Function<T, float[]> field) {
        if (field.apply(parts.get(0)) == null) {
            return null;
        }
        float[] all = new float[parts.stream().mapToInt(part -> field.apply(part).length).sum()];
        int offset = 0;
        for (T part : parts) {
            float[] values = field.apply(part);
            System.arraycopy(values, 0, all, offset, values.length);
            offset += values.length;
        }
        return all;
    }

    private NDArray input(NDManager manager, float[] rows, int count) {
        return FloatUpload.of(manager, normalization.apply(rows), 0, count * inputWidth,
                new Shape(count).addAll(rowShape));
    }

    @Override
    public void close() {
        model.close();
    }
}
