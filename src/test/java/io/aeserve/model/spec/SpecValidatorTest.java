package io.aeserve.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aeserve.error.FieldProblem;
import io.aeserve.error.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    static ModelSpec dense(Integer latent) {
        return new ModelSpec(Variant.DENSE, null, List.of(784), List.of(392), null, latent, null, null, null, null,
                null, null, null, null, null);
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
        ModelSpec spec = SpecValidator.complete(new ModelSpec(Variant.DENSE, null, List.of(100), List.of(64, 32),
                null, 8, null, null, null, null, null, null, null, null, null));
        assertThat(spec.decoderLayers()).containsExactly(32, 64);
    }

    @Test
    void variantDefaults() {
        ModelSpec sparse = SpecValidator.complete(new ModelSpec(Variant.SPARSE, null, List.of(10), List.of(), null,
                40, null, null, null, null, null, new Sparsity(Sparsity.Penalty.KL, null, null), null, null, null));
        assertThat(sparse.codeActivation()).isEqualTo(ActivationKind.SIGMOID);
        assertThat(sparse.sparsity().target()).isEqualTo(0.05);
        ModelSpec conv = SpecValidator.complete(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 28, 28),
                null, null, null, null, null, null, null, null, null, null, null, null));
        assertThat(conv.architecture()).isEqualTo(Architecture.CONVOLUTIONAL);
        assertThat(conv.hiddenLayers()).containsExactly(32, 64);
        ModelSpec vae = SpecValidator.complete(new ModelSpec(Variant.VARIATIONAL, null, List.of(10), List.of(8),
                null, 2, null, null, null, null, null, null, null, null, null));
        assertThat(vae.beta()).isEqualTo(1.0);
        ModelSpec denoising = SpecValidator.complete(new ModelSpec(Variant.DENOISING, null, List.of(10), null,
                null, 2, null, null, null, null, null, null, null, new Noise(Noise.Type.GAUSSIAN, null), null));
        assertThat(denoising.noise().level()).isEqualTo(0.1);
    }

    @Test
    void refusesEachBadFieldByName() {
        assertThat(badFields(new ModelSpec(null, null, List.of(4), null, null, 2, null, null, null, null, null, null,
                null, null, null))).containsExactly("spec.variant");
        assertThat(badFields(dense(null))).containsExactly("spec.latentDim");
        assertThat(badFields(dense(784))).containsExactly("spec.latentDim");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(784, 2), null, null, 4, null, null, null,
                null, null, null, null, null, null))).containsExactly("spec.inputShape");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(0), null, null, 4, null, null, null,
                null, null, null, null, null, null))).contains("spec.inputShape[0]");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(10), List.of(5, -1), null, 4, null, null,
                null, null, null, null, null, null, null))).containsExactly("spec.hiddenLayers[1]");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(10), null, null, 4, null, null,
                OutputActivation.LINEAR, LossKind.BCE, null, null, null, null, null))).containsExactly("spec.loss");
    }

    @Test
    void refusesFieldsThatDoNotApplyToTheVariant() {
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(10), null, null, 4, null, null, null, null,
                null, new Sparsity(Sparsity.Penalty.L1, 0.1, null), 0.1, null, 1.0)))
                .containsExactlyInAnyOrder("spec.sparsity", "spec.contractiveWeight", "spec.beta");
        assertThat(badFields(new ModelSpec(Variant.DENOISING, null, List.of(10), null, null, 4, null, null, null,
                null, null, null, null, null, null))).containsExactly("spec.noise");
        assertThat(badFields(new ModelSpec(Variant.DENOISING, null, List.of(10), null, null, 4, null, null, null,
                null, null, null, null, new Noise(Noise.Type.MASKING, 1.5), null))).containsExactly("spec.noise.level");
        assertThat(badFields(new ModelSpec(Variant.SPARSE, null, List.of(10), null, null, 4, null,
                ActivationKind.RELU, null, null, null, new Sparsity(Sparsity.Penalty.KL, 0.1, 2.0), null, null, null)))
                .containsExactlyInAnyOrder("spec.sparsity.target", "spec.codeActivation");
        assertThat(badFields(new ModelSpec(Variant.CONTRACTIVE, Architecture.CONVOLUTIONAL, List.of(1, 8, 8),
                List.of(4), null, 4, null, null, null, null, null, null, null, null, null)))
                .containsExactly("spec.architecture");
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, Architecture.DENSE, List.of(64), null, null, 4,
                null, null, null, null, null, null, null, null, null))).contains("spec.architecture");
    }

    @Test
    void overcompleteCodesOnlyForSparse() {
        assertThat(badFields(dense(1000))).containsExactly("spec.latentDim");
        ModelSpec sparse = SpecValidator.complete(new ModelSpec(Variant.SPARSE, null, List.of(784), List.of(), null,
                1000, null, null, null, null, null, null, null, null, null));
        assertThat(sparse.latentDim()).isEqualTo(1000);
    }

    @Test
    void convolutionalShapesMustHalveCleanly() {
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 28, 28), List.of(8, 16, 32),
                null, null, null, null, null, null, null, null, null, null, null))).containsExactly("spec.hiddenLayers");
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(28, 28), List.of(8), null, null,
                null, null, null, null, null, null, null, null, null))).contains("spec.inputShape");
        assertThat(badFields(new ModelSpec(Variant.VARIATIONAL, Architecture.CONVOLUTIONAL, List.of(1, 28, 28),
                List.of(8), null, null, null, null, null, null, null, null, null, null, null)))
                .containsExactly("spec.latentDim");
    }

    @Test
    void refusesModelsBeyondTheParameterLimitNamingCountLimitAndProperty() {
        ModelSpec huge = new ModelSpec(Variant.DENSE, null, List.of(65_536), List.of(65_536), null, 8, null, null,
                null, null, null, null, null, null, null);
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> SpecValidator.complete(huge));
        assertThat(e.errors()).hasSize(1);
        FieldProblem problem = e.errors().get(0);
        assertThat(problem.field()).isEqualTo("spec");
        // (65536*65536+65536) + (65536*8+8) + (8*65536+65536) + (65536*65536+65536)
        assertThat(problem.message()).contains("8591179784").contains("50000000")
                .contains("aeserve.limits.max-parameters");
        SpecValidator small = new SpecValidator(624);
        ModelSpec fits = new ModelSpec(Variant.DENSE, null, List.of(20), List.of(12), null, 4, null, null, null,
                null, null, null, null, null, null);
        assertThat(small.validate(fits).latentDim()).isEqualTo(4);
        InvalidInputException tooBig = catchThrowableOfType(InvalidInputException.class,
                () -> new SpecValidator(623).validate(fits));
        assertThat(tooBig.getMessage()).contains("624").contains("623");
    }

    @Test
    void absurdShapesAreProblemsNotOverflows() {
        assertThat(badFields(new ModelSpec(Variant.DENSE, Architecture.CONVOLUTIONAL,
                List.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), List.of(8), null, 4, null, null,
                null, null, null, null, null, null, null))).contains("spec.inputShape");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(Integer.MAX_VALUE), List.of(8), null,
                Integer.MAX_VALUE, null, null, null, null, null, null, null, null, null)))
                .containsExactlyInAnyOrder("spec.inputShape", "spec.latentDim");
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(65_536, 65_536, 65_536),
                List.of(8), null, null, null, null, null, null, null, null, null, null, null)))
                .containsExactly("spec.inputShape");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(10), Arrays.asList(8, null), null, 4, null,
                null, null, null, null, null, null, null, null))).containsExactly("spec.hiddenLayers[1]");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, List.of(10), List.of(8), Arrays.asList(null, 8), 4,
                null, null, null, null, null, null, null, null, null))).containsExactly("spec.decoderLayers[0]");
        assertThat(badFields(new ModelSpec(Variant.DENSE, null, Arrays.asList((Integer) null), null, null, 4, null,
                null, null, null, null, null, null, null, null))).contains("spec.inputShape[0]");
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 30, 28), List.of(8, 8), null,
                null, null, null, null, null, null, null, null, null, null))).containsExactly("spec.hiddenLayers");
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 28, 28), Arrays.asList(8, null),
                null, null, null, null, null, null, null, null, null, null, null))).contains("spec.hiddenLayers[1]");
        // 16 conv blocks halve 16 times: the image would need sides divisible by 65536
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 1024, 1024),
                java.util.Collections.nCopies(16, 1), null, null, null, null, null, null, null, null, null, null,
                null))).containsExactly("spec.hiddenLayers");
    }

    @Test
    void arbitrarySpecsAreEitherCompletedOrRefusedByField() {
        java.util.Random random = new java.util.Random(11);
        Integer[] dims = {null, -1, 0, 1, 2, 3, 8, 28, 64, 65_536, 65_537, 1 << 24, Integer.MAX_VALUE};
        for (int i = 0; i < 5000; i++) {
            ModelSpec spec = new ModelSpec(pick(random, Variant.values()), pick(random, Architecture.values()),
                    list(random, dims, 4), list(random, dims, 4), list(random, dims, 3), pick(random, dims), null,
                    null, null, null, null, null, null, null, null);
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
                new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 28, 28), null, null, 64, null, null, null,
                        null, null, null, null, null, null),
                new ModelSpec(Variant.VARIATIONAL, Architecture.CONVOLUTIONAL, List.of(1, 8, 8), List.of(4), null, 3,
                        null, null, null, null, null, null, null, null, null),
                new ModelSpec(Variant.DENOISING, Architecture.CONVOLUTIONAL, List.of(1, 8, 8), List.of(4, 8), null,
                        null, null, null, null, null, null, null, null, new Noise(Noise.Type.MASKING, null), null),
                new ModelSpec(Variant.SPARSE, null, List.of(10), List.of(8), null, 20, null, null, null, null, null,
                        new Sparsity(Sparsity.Penalty.KL, null, null), null, null, null),
                new ModelSpec(Variant.CONTRACTIVE, null, List.of(10), List.of(), null, 3, null, null, null, null,
                        null, null, null, null, null),
                new ModelSpec(Variant.VARIATIONAL, null, List.of(10), List.of(8), List.of(6, 9), 2, null, null, null,
                        null, null, null, null, null, null));
        for (ModelSpec given : specs) {
            ModelSpec completed = SpecValidator.complete(given);
            assertThat(SpecValidator.complete(completed)).isEqualTo(completed);
        }
        assertThat(badFields(new ModelSpec(Variant.CONVOLUTIONAL, null, List.of(1, 8, 8), List.of(4, 8),
                List.of(4, 8), null, null, null, null, null, null, null, null, null, null)))
                .containsExactly("spec.decoderLayers");
    }

    @Test
    void aVariationalDenseModelNeedsAHiddenLayer() {
        assertThat(badFields(new ModelSpec(Variant.VARIATIONAL, null, List.of(10), List.of(), null, 2, null, null,
                null, null, null, null, null, null, null))).containsExactly("spec.hiddenLayers");
    }
}
