package io.aeserve.model.block;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.aeserve.model.spec.ActivationKind;
import io.aeserve.model.spec.Architecture;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every array a training step makes closes with the step's manager: none stays with the model's parameters, where
 * it would live as long as the model and grow with every step of a long run.
 */
class TrainingStepArraysTest {

    private static final int STEPS = 5;

    @Test
    void convolutionalStepsThroughPaddedFiltersLeaveNothingWithTheParameters() {
        ConvolutionTraining.useExactGradients(true);
        ModelSpec spec = SpecValidator.complete(Specs.of(Variant.CONVOLUTIONAL, 1, 8, 8)
                .architecture(Architecture.CONVOLUTIONAL).hidden(4).build());
        assertThat(arraysLeftWithTheModel(spec, new Shape(2, 1, 8, 8))).isZero();
    }

    @Test
    void contractiveStepsWithTheClosedFormPenaltyLeaveNothingWithTheParameters() {
        ModelSpec spec = SpecValidator.complete(Specs.of(Variant.CONTRACTIVE, 6).hiddenLayers(List.of()).latent(3)
                .codeActivation(ActivationKind.SIGMOID).contractiveWeight(1.0).build());
        assertThat(arraysLeftWithTheModel(spec, new Shape(2, 6))).isZero();
    }

    /** Arrays the model's manager holds after some training steps that it did not hold before them. */
    private static int arraysLeftWithTheModel(ModelSpec spec, Shape batch) {
        try (Model model = Model.newInstance("test", Engines.cpu().device(), "PyTorch")) {
            AutoencoderBlock block = BlockFactory.create(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(batch.slice(1)));
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            int before = model.getNDManager().getManagedArrays().size();
            for (int step = 0; step < STEPS; step++) {
                try (NDManager stepManager = model.getNDManager().newSubManager();
                        GradientCollector collector = model.getNDManager().getEngine().newGradientCollector()) {
                    NDArray input = stepManager.randomUniform(0, 1, batch);
                    NDList outputs = block.forward(store, new NDList(input), true);
                    NDArray total = outputs.head().sum();
                    for (NDArray output : outputs.subNDList(1)) {
                        total = total.add(output.sum());
                    }
                    collector.backward(total);
                }
            }
            return model.getNDManager().getManagedArrays().size() - before;
        }
    }
}
