package io.aeserve.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.aeserve.model.block.AutoencoderBlock.Outputs;
import io.aeserve.model.loss.AutoencoderObjective;
import io.aeserve.model.loss.ReconstructionError;
import io.aeserve.model.loss.StructuralError;
import io.aeserve.model.spec.ModelSpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Reads the asked-for outputs of a block's forward pass into arrays; the one place each output is computed. */
public final class ForwardPass {

    private ForwardPass() {}

    /**
     * @param input the normalised input rows the block was given
     * @param outputs what the block returned for them
     * @param normalization inverts the reconstruction into data units; needed only for {@link ForwardOutput#OUTPUTS}
     */
    public static ForwardResult read(ModelSpec spec, NDArray input, NDList outputs, int count,
            Set<ForwardOutput> wanted, Normalization normalization) {
        Map<ForwardOutput, float[]> arrays = new EnumMap<>(ForwardOutput.class);
        NDArray reconstruction = outputs.get(Outputs.RECONSTRUCTION);
        NDArray code = outputs.get(Outputs.CODE);
        if (wanted.contains(ForwardOutput.ERRORS) || wanted.contains(ForwardOutput.FEATURE_ERRORS)) {
            NDArray elementwise = ReconstructionError.elementwise(spec.loss(), input, reconstruction,
                    outputs.get(Outputs.LOGITS)).reshape(count, -1);
            if (wanted.contains(ForwardOutput.ERRORS)) {
                arrays.put(ForwardOutput.ERRORS, elementwise.mean(new int[] {1}).toFloatArray());
            }
            if (wanted.contains(ForwardOutput.FEATURE_ERRORS)) {
                arrays.put(ForwardOutput.FEATURE_ERRORS, elementwise.toFloatArray());
            }
        }
        if (wanted.contains(ForwardOutput.CODES)) {
            arrays.put(ForwardOutput.CODES, code.reshape(count, -1).toFloatArray());
        }
        if (wanted.contains(ForwardOutput.KL)) {
            requireThat(spec.isVariational(), "KL terms need a variational model");
            arrays.put(ForwardOutput.KL,
                    AutoencoderObjective.klToPrior(code, outputs.get(Outputs.LOG_VARIANCE)).toFloatArray());
        }
        if (wanted.contains(ForwardOutput.STRUCTURAL)) {
            requireThat(StructuralError.supports(spec), "structural errors need an image model");
            arrays.put(ForwardOutput.STRUCTURAL, StructuralError.perRow(input, reconstruction).toFloatArray());
        }
        if (wanted.contains(ForwardOutput.OUTPUTS)) {
            arrays.put(ForwardOutput.OUTPUTS, normalization.invertInPlace(reconstruction.toFloatArray()));
        }
        return new ForwardResult(count, arrays);
    }

    private static void requireThat(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
