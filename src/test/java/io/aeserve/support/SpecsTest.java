package io.aeserve.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.model.spec.ActivationKind;
import io.aeserve.model.spec.Architecture;
import io.aeserve.model.spec.LossKind;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.Noise;
import io.aeserve.model.spec.NormalizationKind;
import io.aeserve.model.spec.OutputActivation;
import io.aeserve.model.spec.Sparsity;
import io.aeserve.model.spec.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder puts each value in its own field of the 15-field record, and leaves the rest null. */
class SpecsTest {

    @Test
    void everySetterFillsItsOwnField() {
        ModelSpec spec = Specs.of(Variant.SPARSE, 1, 8, 8).architecture(Architecture.CONVOLUTIONAL).hidden(4, 8)
                .decoder(8, 4).latent(5).activation(ActivationKind.GELU).codeActivation(ActivationKind.SIGMOID)
                .outputActivation(OutputActivation.TANH).loss(LossKind.BCE).normalization(NormalizationKind.STANDARD)
                .sparsity(Sparsity.Penalty.KL, 0.5, 0.2).contractiveWeight(0.25).noise(Noise.Type.MASKING, 0.3)
                .beta(0.75).build();
        assertThat(spec).isEqualTo(new ModelSpec(Variant.SPARSE, Architecture.CONVOLUTIONAL, List.of(1, 8, 8),
                List.of(4, 8), List.of(8, 4), 5, ActivationKind.GELU, ActivationKind.SIGMOID, OutputActivation.TANH,
                LossKind.BCE, NormalizationKind.STANDARD, new Sparsity(Sparsity.Penalty.KL, 0.5, 0.2), 0.25,
                new Noise(Noise.Type.MASKING, 0.3), 0.75));
    }

    @Test
    void unsetFieldsStayNullAndNoWidthsIsAnEmptyList() {
        assertThat(Specs.dense(16).build()).isEqualTo(new ModelSpec(Variant.DENSE, null, List.of(16), null, null,
                null, null, null, null, null, null, null, null, null, null));
        assertThat(Specs.conv(1, 28, 28).hidden().build().hiddenLayers()).isEmpty();
        assertThat(Specs.conv(1, 28, 28).build().variant()).isEqualTo(Variant.CONVOLUTIONAL);
        assertThat(Specs.empty().build()).isEqualTo(new ModelSpec(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null));
    }
}
