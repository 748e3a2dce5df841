package io.aeserve.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.aeserve.support.Engines;
import org.junit.jupiter.api.Test;

class RunOptimizerTest {

    private static final int STEPS = 5;

    @Test
    void adamStepsAsDjlsOwnAndItsMomentsAreFreedWhenClosed() {
        TrainingSettings settings = settings(OptimizerKind.ADAM, 0.0);
        Optimizer reference = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f))
                .optWeightDecays(0.001f).build();
        stepsAsReferenceAndFreesState(settings, reference, 2);
    }

    @Test
    void sgdWithMomentumStepsAsDjlsOwnAndItsMomentumIsFreedWhenClosed() {
        TrainingSettings settings = settings(OptimizerKind.SGD, 0.9);
        Optimizer reference = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f)
                .optWeightDecays(0.001f).build();
        stepsAsReferenceAndFreesState(settings, reference, 1);
    }

    private static void stepsAsReferenceAndFreesState(TrainingSettings settings, Optimizer reference,
            int statesPerParameter) {
        try (NDManager manager = Engines.cpu().newManager()) {
            NDArray ours = manager.randomNormal(new Shape(16, 8));
            NDArray theirs = ours.duplicate();
            float[] start = ours.toFloatArray();
            NDArray otherOurs = manager.randomNormal(new Shape(8));
            NDArray otherTheirs = otherOurs.duplicate();
            RunOptimizer optimizer = new RunOptimizer(settings);
            for (int step = 0; step < STEPS; step++) {
                NDArray gradient = manager.randomNormal(ours.getShape());
                NDArray otherGradient = manager.randomNormal(otherOurs.getShape());
                optimizer.optimizer().update("weight", ours, gradient);
                optimizer.optimizer().update("bias", otherOurs, otherGradient);
                reference.update("weight", theirs, gradient);
                reference.update("bias", otherTheirs, otherGradient);
            }
            assertThat(ours.toFloatArray()).containsExactly(theirs.toFloatArray());
            assertThat(otherOurs.toFloatArray()).containsExactly(otherTheirs.toFloatArray());
            assertThat(ours.toFloatArray()).isNotEqualTo(start);

            var states = optimizer.states();
            assertThat(states).hasSize(2 * statesPerParameter).noneMatch(NDArray::isReleased);
            optimizer.close();
            assertThat(states).allMatch(NDArray::isReleased);
            assertThat(optimizer.states()).isEmpty();
        }
    }

    private static TrainingSettings settings(OptimizerKind kind, double momentum) {
        return new TrainingSettings(1, 32, kind, 0.01, momentum, 0.001, 0.0, 0, 0.0, 1L);
    }
}
