package io.aeserve.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aeserve.error.FieldProblem;
import io.aeserve.error.InvalidInputException;
import io.aeserve.support.Specs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    static ModelSpec dense(Integer latent) {
        return Specs.dense(784).hidden(392).latent(latent).build();
    }

    static List<String> badFields(ModelSpec spec) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> SpecValidator.complete(spec));
        assertThat(e).as("expected the spec to be refused").isNotNull();
        return e.errors().stream().map(FieldProblem::field).toList();
    }

    @Test
    void fillsDefaults() {
        ModelSpec spec = SpecValidator.complete(dense(196));
        assertThat(spec.architecture()).isEqualTo(Architecture.DENSE);
        assertThat(spec.decoderLayers()).containsExactly(392);
        assertThat(spec.activation()).isEqualTo(ActivationKind.RELU);
        assertThat(spec.codeActivation()).isEqualTo(ActivationKind.LINEAR);
        assertThat(spec.normalization()).isEqualTo(NormalizationKind.MINMAX);
        assertThat(spec.outputActivation()).isEqualTo(OutputActivation.SIGMOID);
        assertThat(spec.loss()).isEqualTo(LossKind.MSE);
        assertThat(spec.sparsity()).isNull();
        assertThat(SpecValidator.complete(spec)).isEqualTo(spec);
    }

    @Test
    void mirrorsDeepEncoders() {
        ModelSpec spec = SpecValidator.complete(Specs.dense(100).hidden(64, 32).latent(8).build());
        assertThat(spec.decoderLayers()).containsExactly(32, 64);
    }

    @Test
    void variantDefaults() {
        ModelSpec sparse = SpecValidator.complete(Specs.of(Variant.SPARSE, 10).hidden().latent(40)
                .sparsity(Sparsity.Penalty.KL, null, null).build());
        assertThat(sparse.codeActivation()).isEqualTo(ActivationKind.SIGMOID);
        assertThat(sparse.sparsity().target()).isEqualTo(0.05);
        ModelSpec conv = SpecValidator.complete(Specs.conv(1, 28, 28).build());
        assertThat(conv.architecture()).isEqualTo(Architecture.CONVOLUTIONAL);
        assertThat(conv.hiddenLayers()).containsExactly(32, 64);
        ModelSpec vae = SpecValidator.complete(Specs.of(Variant.VARIATIONAL, 10).hidden(8).latent(2)
                .build());
        assertThat(vae.beta()).isEqualTo(1.0);
        ModelSpec denoising = SpecValidator.complete(Specs.of(Variant.DENOISING, 10).latent(2)
                .noise(Noise.Type.GAUSSIAN, null).build());
        assertThat(denoising.noise().level()).isEqualTo(0.1);
    }

    @Test
    void refusesEachBadFieldByName() {
        assertThat(badFields(Specs.empty().inputShape(4).latent(2).build())).containsExactly("spec.variant");
        assertThat(badFields(dense(null))).containsExactly("spec.latentDim");
        assertThat(badFields(dense(784))).containsExactly("spec.latentDim");
        assertThat(badFields(Specs.dense(784, 2).latent(4).build())).containsExactly("spec.inputShape");
        assertThat(badFields(Specs.dense(0).latent(4).build())).contains("spec.inputShape[0]");
        assertThat(badFields(Specs.dense(10).hidden(5, -1).latent(4).build())).containsExactly("spec.hiddenLayers[1]");
        assertThat(badFields(Specs.dense(10).latent(4)
                .outputActivation(OutputActivation.LINEAR).loss(LossKind.BCE).build())).containsExactly("spec.loss");
    }

    @Test
    void refusesFieldsThatDoNotApplyToTheVariant() {
        assertThat(badFields(Specs.dense(10).latent(4).sparsity(Sparsity.Penalty.L1, 0.1, null)
                .contractiveWeight(0.1).beta(1.0).build()))
                .containsExactlyInAnyOrder("spec.sparsity", "spec.contractiveWeight", "spec.beta");
        assertThat(badFields(Specs.of(Variant.DENOISING, 10).latent(4).build())).containsExactly("spec.noise");
        assertThat(badFields(Specs.of(Variant.DENOISING, 10).latent(4)
                .noise(Noise.Type.MASKING, 1.5).build())).containsExactly("spec.noise.level");
        assertThat(badFields(Specs.of(Variant.SPARSE, 10).latent(4).codeActivation(ActivationKind.RELU)
                .sparsity(Sparsity.Penalty.KL, 0.1, 2.0).build()))
                .containsExactlyInAnyOrder("spec.sparsity.target", "spec.codeActivation");
        assertThat(badFields(Specs.of(Variant.CONTRACTIVE, 1, 8, 8)
                .architecture(Architecture.CONVOLUTIONAL).hidden(4).latent(4).build()))
                .containsExactly("spec.architecture");
        assertThat(badFields(Specs.of(Variant.CONVOLUTIONAL, 64).architecture(Architecture.DENSE)
                .latent(4).build())).contains("spec.architecture");
    }

    @Test
    void overcompleteCodesOnlyForSparse() {
        assertThat(badFields(dense(1000))).containsExactly("spec.latentDim");
        ModelSpec sparse = SpecValidator.complete(Specs.of(Variant.SPARSE, 784).hidden().latent(1000)
                .build());
        assertThat(sparse.latentDim()).isEqualTo(1000);
    }

    @Test
    void convolutionalShapesMustHalveCleanly() {
        assertThat(badFields(Specs.conv(1, 28, 28).hidden(8, 16, 32).build())).containsExactly("spec.hiddenLayers");
        assertThat(badFields(Specs.of(Variant.CONVOLUTIONAL, 28, 28).hidden(8).build())).contains("spec.inputShape");
        assertThat(badFields(Specs.of(Variant.VARIATIONAL, 1, 28, 28)
                .architecture(Architecture.CONVOLUTIONAL).hidden(8).build()))
                .containsExactly("spec.latentDim");
    }

    @Test
    void refusesModelsBeyondTheParameterLimitNamingCountLimitAndProperty() {
        ModelSpec huge = Specs.dense(65_536).hidden(65_536).latent(8).build();
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> SpecValidator.complete(huge));
        assertThat(e.errors()).hasSize(1);
        FieldProblem problem = e.errors().get(0);
        assertThat(problem.field()).isEqualTo("spec");
        // (65536*65536+65536) + (65536*8+8) + (8*65536+65536) + (65536*65536+65536)
        assertThat(problem.message()).contains("8591179784").contains("50000000")
                .contains("aeserve.limits.max-parameters");
        SpecValidator small = new SpecValidator(624);
        ModelSpec fits = Specs.dense(20).hidden(12).latent(4).build();
        assertThat(small.validate(fits).latentDim()).isEqualTo(4);
        InvalidInputException tooBig = catchThrowableOfType(InvalidInputException.class,
                () -> new SpecValidator(623).validate(fits));
        assertThat(tooBig.getMessage()).contains("624").contains("623");
    }

    @Test
    void absurdShapesAreProblemsNotOverflows() {
        assertThat(badFields(Specs.dense(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)
                .architecture(Architecture.CONVOLUTIONAL).hidden(8).latent(4).build())).contains("spec.inputShape");
        assertThat(badFields(Specs.dense(Integer.MAX_VALUE).hidden(8).latent(Integer.MAX_VALUE)
                .build()))
                .containsExactlyInAnyOrder("spec.inputShape", "spec.latentDim");
        assertThat(badFields(Specs.conv(65_536, 65_536, 65_536).hidden(8).build()))
                .containsExactly("spec.inputShape");
        assertThat(badFields(Specs.dense(10).hiddenLayers(Arrays.asList(8, null)).latent(4).build()))
                .containsExactly("spec.hiddenLayers[1]");
        assertThat(badFields(Specs.dense(10).hidden(8).decoderLayers(Arrays.asList(null, 8)).latent(4)
                .build())).containsExactly("spec.decoderLayers[0]");
        assertThat(badFields(Specs.empty().variant(Variant.DENSE).inputShape(Arrays.asList((Integer) null)).latent(4)
                .build())).contains("spec.inputShape[0]");
        assertThat(badFields(Specs.conv(1, 30, 28).hidden(8, 8).build())).containsExactly("spec.hiddenLayers");
        assertThat(badFields(Specs.conv(1, 28, 28).hiddenLayers(Arrays.asList(8, null)).build()))
                .contains("spec.hiddenLayers[1]");
        // 16 conv blocks halve 16 times: the image would need sides divisible by 65536
        assertThat(badFields(Specs.conv(1, 1024, 1024)
                .hiddenLayers(java.util.Collections.nCopies(16, 1)).build())).containsExactly("spec.hiddenLayers");
    }

    @Test
    void arbitrarySpecsAreEitherCompletedOrRefusedByField() {
        java.util.Random random = new java.util.Random(11);
        Integer[] dims = {null, -1, 0, 1, 2, 3, 8, 28, 64, 65_536, 65_537, 1 << 24, Integer.MAX_VALUE};
        for (int i = 0; i < 5000; i++) {
            ModelSpec spec = Specs.empty().variant(pick(random, Variant.values()))
                    .architecture(pick(random, Architecture.values())).inputShape(list(random, dims, 4))
                    .hiddenLayers(list(random, dims, 4)).decoderLayers(list(random, dims, 3))
                    .latent(pick(random, dims)).build();
            try {
                ModelSpec completed = SpecValidator.complete(spec);
                assertThat(ModelSize.of(completed).parameters()).isBetween(1L, SpecValidator.DEFAULT_MAX_PARAMETERS);
            } catch (InvalidInputException e) {
                assertThat(e.errors()).as(spec.toString()).isNotEmpty();
            }
        }
    }

    private static <T> T pick(java.util.Random random, T[] values) {
        return random.nextInt(8) == 0 ? null : values[random.nextInt(values.length)];
    }

    private static List<Integer> list(java.util.Random random, Integer[] values, int maxSize) {
        if (random.nextInt(6) == 0) {
            return null;
        }
        List<Integer> list = new java.util.ArrayList<>();
        int size = random.nextInt(maxSize + 1);
        for (int i = 0; i < size; i++) {
            list.add(random.nextInt(3) == 0 ? values[random.nextInt(values.length)] : Integer.valueOf(1 + random.nextInt(16)));
        }
        return list;
    }

    @Test
    void completingACompletedSpecChangesNothing() {
        List<ModelSpec> specs = List.of(
                dense(196),
                Specs.conv(1, 28, 28).latent(64).build(),
                Specs.of(Variant.VARIATIONAL, 1, 8, 8).architecture(Architecture.CONVOLUTIONAL).hidden(4)
                        .latent(3).build(),
                Specs.of(Variant.DENOISING, 1, 8, 8).architecture(Architecture.CONVOLUTIONAL).hidden(4, 8)
                        .noise(Noise.Type.MASKING, null).build(),
                Specs.of(Variant.SPARSE, 10).hidden(8).latent(20).sparsity(Sparsity.Penalty.KL, null, null)
                        .build(),
                Specs.of(Variant.CONTRACTIVE, 10).hidden().latent(3).build(),
                Specs.of(Variant.VARIATIONAL, 10).hidden(8).decoder(6, 9).latent(2).build());
        for (ModelSpec given : specs) {
            ModelSpec completed = SpecValidator.complete(given);
            assertThat(SpecValidator.complete(completed)).isEqualTo(completed);
        }
        assertThat(badFields(Specs.conv(1, 8, 8).hidden(4, 8).decoder(4, 8).build()))
                .containsExactly("spec.decoderLayers");
    }

    @Test
    void aVariationalDenseModelNeedsAHiddenLayer() {
        assertThat(badFields(Specs.of(Variant.VARIATIONAL, 10).hidden().latent(2).build()))
                .containsExactly("spec.hiddenLayers");
    }
}
