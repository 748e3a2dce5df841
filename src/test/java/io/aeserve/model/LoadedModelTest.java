package io.aeserve.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import io.aeserve.support.SyntheticData;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LoadedModelTest {

    @Test
    void requestsLargerThanOnePassGiveWhatEachRowGivesAlone() {
        int rows = LoadedModel.MAX_ROWS_PER_PASS * 2 + 88;
        DataMatrix data = SyntheticData.lowRank(rows, 16, 3, 31);
        ModelSpec spec = SpecValidator.complete(Specs.of(Variant.VARIATIONAL, 16).hidden(12).latent(3).build());
        TrainedModel trained = new TrainingLoop(Engines.cpu()).train(spec, data,
                new TrainingSettings(2, 64, OptimizerKind.ADAM, 0.01, 0.9, 0, 0, 0, 0, 1L), null, (r, e) -> { },
                () -> false);
        try (LoadedModel model = new LoadedModel(spec, trained.parameters(), trained.normalization(),
                Engines.cpu().device(), "PyTorch")) {
            Set<ForwardOutput> wanted = EnumSet.allOf(ForwardOutput.class);
            wanted.remove(ForwardOutput.STRUCTURAL);
            ForwardResult all = model.forward(data.values(), rows, wanted);
            LoadedModel.Encoded codes = model.encode(data.values(), rows);
            float[] decoded = model.decode(codes.codes(), rows);
            assertThat(all.get(ForwardOutput.OUTPUTS)).hasSize(rows * 16);
            assertThat(all.get(ForwardOutput.FEATURE_ERRORS)).hasSize(rows * 16);
            assertThat(all.get(ForwardOutput.KL)).hasSize(rows);
            assertThat(codes.logVariance()).hasSize(rows * 3);
            for (int row : new int[] {0, LoadedModel.MAX_ROWS_PER_PASS - 1, LoadedModel.MAX_ROWS_PER_PASS,
                rows - 1}) {
                float[] values = Arrays.copyOfRange(data.values(), row * 16, (row + 1) * 16);
                ForwardResult alone = model.forward(values, 1, wanted);
                assertThat(all.get(ForwardOutput.ERRORS)[row]).as("row %d", row).isCloseTo(alone.get(ForwardOutput.ERRORS)[0], Offset.offset(1e-6f));
                assertThat(all.get(ForwardOutput.KL)[row]).isCloseTo(alone.get(ForwardOutput.KL)[0], Offset.offset(1e-6f));
                for (int i = 0; i < 16; i++) {
                    assertThat(all.get(ForwardOutput.OUTPUTS)[row * 16 + i]).isCloseTo(alone.get(ForwardOutput.OUTPUTS)[i], Offset.offset(1e-5f));
                    assertThat(all.get(ForwardOutput.FEATURE_ERRORS)[row * 16 + i]).isCloseTo(alone.get(ForwardOutput.FEATURE_ERRORS)[i],
                            Offset.offset(1e-6f));
                    assertThat(decoded[row * 16 + i]).isCloseTo(alone.get(ForwardOutput.OUTPUTS)[i], Offset.offset(1e-4f));
                }
                assertThat(Arrays.copyOfRange(codes.codes(), row * 3, row * 3 + 3))
                        .containsExactly(alone.get(ForwardOutput.CODES), Offset.offset(1e-5f));
            }
        }
    }
}
