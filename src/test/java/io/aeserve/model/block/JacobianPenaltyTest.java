package io.aeserve.model.block;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.aeserve.model.block.AutoencoderBlock.Outputs;
import io.aeserve.model.spec.ActivationKind;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The contractive penalty equals the Jacobian norm measured by finite differences. */
class JacobianPenaltyTest {

    static final int FEATURES = 6;

    @Test
    void closedFormOfOneLayerEncoderMatchesFiniteDifferences() {
        for (ActivationKind activation : List.of(ActivationKind.SIGMOID, ActivationKind.TANH, ActivationKind.LINEAR)) {
            ModelSpec spec = contractive(List.of(), activation);
            double[] measured = measure(spec, 1);
            assertThat(measured[0]).as(activation.name()).isCloseTo(measured[1], Percentage.withPercentage(1));
        }
    }

    @Test
    void estimateForDeepEncodersIsUnbiased() {
        ModelSpec spec = contractive(List.of(5), ActivationKind.TANH);
        double[] measured = measure(spec, 4000);
        assertThat(measured[0]).isCloseTo(measured[1], Percentage.withPercentage(10));
    }

    private static ModelSpec contractive(List<Integer> hidden, ActivationKind code) {
        return SpecValidator.complete(Specs.of(Variant.CONTRACTIVE, FEATURES).hiddenLayers(hidden).latent(3)
                .activation(ActivationKind.TANH).codeActivation(code).contractiveWeight(1.0).build());
    }

    /** {penalty averaged over probes, finite-difference norm} for one input row. */
    private static double[] measure(ModelSpec spec, int probes) {
        try (Model model = Model.newInstance("test", Engines.cpu().device(), "PyTorch");
                NDManager manager = model.getNDManager().newSubManager()) {
            AutoencoderBlock block = BlockFactory.create(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, FEATURES));
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            float[] row = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.25f};
            NDArray input = manager.create(row, new Shape(1, FEATURES)).tile(new long[] {probes, 1});
            double penalty = block.forward(store, new NDList(input), true).get(Outputs.JACOBIAN_NORM).mean()
                    .getFloat();
            double step = 1e-3;
            double norm = 0;
            for (int i = 0; i < FEATURES; i++) {
                float[] plus = row.clone();
                float[] minus = row.clone();
                plus[i] += (float) step;
                minus[i] -= (float) step;
                float[] up = block.encode(store, manager.create(plus, new Shape(1, FEATURES)), false).head().toFloatArray();
                float[] down = block.encode(store, manager.create(minus, new Shape(1, FEATURES)), false).head().toFloatArray();
                for (int k = 0; k < up.length; k++) {
                    double derivative = (up[k] - down[k]) / (2 * step);
                    norm += derivative * derivative;
                }
            }
            return new double[] {penalty, norm};
        }
    }
}
