package io.aeserve.model.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.aeserve.model.spec.LossKind;
import io.aeserve.support.Engines;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ReconstructionErrorTest {

    @Test
    void squaredErrorIsTheMeanSquareOfEachRow() {
        try (NDManager manager = Engines.cpu().newManager()) {
            NDArray target = manager.create(new float[] {0, 1, 2, 3}, new Shape(2, 2));
            NDArray output = manager.create(new float[] {1, 1, 2, 5}, new Shape(2, 2));
            assertThat(ReconstructionError.perRow(LossKind.MSE, target, output, output).toFloatArray())
                    .containsExactly(0.5f, 2f);
        }
    }

    @Test
    void crossEntropyIsZeroForAPerfectReconstructionOfGreyValues() {
        try (NDManager manager = Engines.cpu().newManager()) {
            float[] grey = {0f, 0.2f, 0.5f, 1f};
            float[] logits = new float[grey.length];
            for (int i = 0; i < grey.length; i++) {
                double p = Math.min(Math.max(grey[i], 1e-6), 1 - 1e-6);
                logits[i] = (float) Math.log(p / (1 - p));
            }
            NDArray target = manager.create(grey, new Shape(1, 4));
            NDArray logit = manager.create(logits, new Shape(1, 4));
            float perfect = ReconstructionError.perRow(LossKind.BCE, target, logit, logit).getFloat();
            assertThat(perfect).isCloseTo(0f, Offset.offset(1e-4f));
            // KL(0.5 || sigmoid(0)) is 0, KL(0.2 || 0.5) is 0.2 ln 0.4 + 0.8 ln 1.6 = 0.1927
            NDArray halfway = manager.zeros(new Shape(1, 4));
            float[] errors = ReconstructionError.elementwise(LossKind.BCE, target, halfway, halfway).toFloatArray();
            assertThat(errors[1]).isCloseTo(0.1927f, Offset.offset(1e-3f));
            assertThat(errors[2]).isCloseTo(0f, Offset.offset(1e-6f));
        }
    }
}
