package io.aeserve.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.model.EpochRecord;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.LoadedModel;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.loss.LossTerms;
import io.aeserve.model.spec.ActivationKind;
import io.aeserve.model.spec.Architecture;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.Noise;
import io.aeserve.model.spec.NormalizationKind;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Sparsity;
import io.aeserve.model.spec.Variant;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import io.aeserve.support.SyntheticData;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each variant learns on small generated data, and its penalty does what it is for. */
class VariantTrainingTest {

    static final DataMatrix DATA = SyntheticData.lowRank(800, 32, 3, 11);
    static final TrainingSettings SETTINGS = new TrainingSettings(40, 64, OptimizerKind.ADAM, 0.005, 0.9, 0, 0.2,
            0, 0, 5L);

    static ModelSpec spec(Variant variant, ActivationKind code, Sparsity sparsity, Noise noise, Double weight) {
        return SpecValidator.complete(Specs.of(variant, 32).hidden(24).latent(variant == Variant.SPARSE ? 16 : 4)
                .activation(ActivationKind.TANH).codeActivation(code).sparsity(sparsity)
                .contractiveWeight(variant == Variant.CONTRACTIVE ? weight : null).noise(noise).build());
    }

    static TrainedModel train(ModelSpec spec, DataMatrix data, TrainingSettings settings) {
        return new TrainingLoop(Engines.cpu()).train(spec, data, settings, null, (record, epochs) -> { }, () -> false);
    }

    static LoadedModel load(TrainedModel trained) {
        return new LoadedModel(trained.spec(), trained.parameters(), trained.normalization(),
                Engines.cpu().device(), "PyTorch");
    }

    static double lastValidationLoss(TrainedModel trained) {
        return trained.history().get(trained.history().size() - 1).validationLoss();
    }

    @Test
    void everyDenseVariantEndsFarBelowTheUntrainedLoss() {
        List<ModelSpec> specs = List.of(
                spec(Variant.DENSE, null, null, null, null),
                spec(Variant.SPARSE, null, new Sparsity(Sparsity.Penalty.L1, 1e-4, null), null, null),
                spec(Variant.SPARSE, null, new Sparsity(Sparsity.Penalty.KL, 1e-3, 0.1), null, null),
                spec(Variant.CONTRACTIVE, null, null, null, 1e-3),
                spec(Variant.DENOISING, null, null, new Noise(Noise.Type.MASKING, 0.2), null),
                SpecValidator.complete(Specs.of(Variant.VARIATIONAL, 32).hidden(24).latent(4)
                        .activation(ActivationKind.TANH).beta(0.05).build()));
        for (ModelSpec spec : specs) {
            TrainedModel trained;
            try {
                trained = train(spec, DATA, SETTINGS);
            } catch (IllegalStateException e) {
                throw new AssertionError(spec.variant() + " " + spec.sparsity() + ": " + e.getMessage(), e);
            }
            assertThat(lastValidationLoss(trained)).as(spec.variant() + " " + spec.sparsity())
                    .isLessThan(trained.initialValidationLoss() * 0.35);
            assertThat(trained.scores().training("reconstruction")).hasSize(DATA.rows());
        }
    }

    @Test
    void historyReportsEachLossTermAndTheirSum() {
        TrainedModel sparse = train(spec(Variant.SPARSE, null, new Sparsity(Sparsity.Penalty.L1, 1e-3, null), null,
                null), DATA, SETTINGS);
        EpochRecord last = sparse.history().get(sparse.history().size() - 1);
        assertThat(last.terms()).containsOnlyKeys(LossTerms.RECONSTRUCTION, LossTerms.SPARSITY);
        assertThat(last.terms().get(LossTerms.SPARSITY)).isPositive();
        assertThat(last.terms().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(last.trainLoss(), org.assertj.core.data.Offset.offset(1e-4));
        TrainedModel contractive = train(spec(Variant.CONTRACTIVE, null, null, null, 1e-3), DATA, SETTINGS);
        assertThat(contractive.history().get(0).terms()).containsKey(LossTerms.CONTRACTIVE);
    }

    @Test
    void sparseCodeIsSparserThanThePlainOne() {
        TrainingSettings settings = new TrainingSettings(40, 64, OptimizerKind.ADAM, 0.005, 0.9, 0, 0.2, 0, 0, 3L);
        ModelSpec plainSpec = SpecValidator.complete(Specs.dense(32).hidden(24).latent(16)
                .activation(ActivationKind.TANH).codeActivation(ActivationKind.RELU).build());
        ModelSpec sparseSpec = spec(Variant.SPARSE, null, new Sparsity(Sparsity.Penalty.L1, 0.01, null), null, null);
        try (LoadedModel plain = load(train(plainSpec, DATA, settings));
                LoadedModel sparse = load(train(sparseSpec, DATA, settings))) {
            double plainActive = activeFraction(plain.encode(DATA.values(), DATA.rows()).codes());
            double sparseActive = activeFraction(sparse.encode(DATA.values(), DATA.rows()).codes());
            assertThat(sparseActive).isLessThan(plainActive * 0.6);
        }
    }

    @Test
    void contractivePenaltyLowersTheEncoderJacobianNorm() {
        TrainedModel plain = train(spec(Variant.DENSE, ActivationKind.SIGMOID, null, null, null), DATA, SETTINGS);
        TrainedModel contractive = train(spec(Variant.CONTRACTIVE, ActivationKind.SIGMOID, null, null, 0.05), DATA,
                SETTINGS);
        try (LoadedModel plainModel = load(plain); LoadedModel contractiveModel = load(contractive)) {
            double plainNorm = jacobianNorm(plainModel, DATA);
            double contractiveNorm = jacobianNorm(contractiveModel, DATA);
            assertThat(contractiveNorm).isLessThan(plainNorm * 0.7);
        }
    }

    @Test
    void denoiserCleansNoisyInputBetterThanAPlainAutoencoder() {
        Noise noise = new Noise(Noise.Type.GAUSSIAN, 0.25);
        TrainedModel plain = train(spec(Variant.DENSE, null, null, null, null), DATA, SETTINGS);
        TrainedModel denoiser = train(spec(Variant.DENOISING, null, null, noise, null), DATA, SETTINGS);
        DataMatrix clean = SyntheticData.lowRank(300, 32, 3, 11);
        float[] noisy = clean.values().clone();
        Random random = new Random(99);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = Math.min(1f, Math.max(0f, noisy[i] + (float) (0.25 * random.nextGaussian())));
        }
        try (LoadedModel plainModel = load(plain); LoadedModel denoisingModel = load(denoiser)) {
            double plainError = mse(plainModel.forward(noisy, clean.rows(), Set.of(ForwardOutput.OUTPUTS))
                    .get(ForwardOutput.OUTPUTS), clean.values());
            double denoisedError = mse(denoisingModel.forward(noisy, clean.rows(), Set.of(ForwardOutput.OUTPUTS))
                    .get(ForwardOutput.OUTPUTS), clean.values());
            assertThat(denoisedError).isLessThan(plainError * 0.9);
        }
    }

    @Test
    void variationalKlIsFiniteAndPositiveAndPriorSamplesDecodeToRows() {
        ModelSpec vae = SpecValidator.complete(Specs.of(Variant.VARIATIONAL, 32).hidden(24).latent(4)
                .activation(ActivationKind.TANH).beta(1.0).build());
        TrainedModel trained = train(vae, DATA, SETTINGS);
        double kl = trained.history().get(trained.history().size() - 1).terms().get(LossTerms.KL);
        assertThat(kl).isFinite().isPositive();
        try (LoadedModel model = load(trained)) {
            assertThat(model.latentSize()).isEqualTo(4);
            float[] prior = new float[8 * 4];
            Random random = new Random(1);
            for (int i = 0; i < prior.length; i++) {
                prior[i] = (float) random.nextGaussian();
            }
            float[] samples = model.decode(prior, 8);
            assertThat(samples).hasSize(8 * 32);
            for (float v : samples) {
                assertThat(v).isBetween(-0.01f, 1.01f);
            }
            LoadedModel.Encoded encoded = model.encode(DATA.values(), 10);
            assertThat(encoded.logVariance()).hasSize(40);
        }
    }

    @Test
    void convolutionalAutoencoderLearnsImages() {
        DataMatrix squares = SyntheticData.squares(400, 8, 2);
        ModelSpec conv = SpecValidator.complete(Specs.conv(1, 8, 8).hidden(8, 16)
                .normalization(NormalizationKind.NONE).build());
        assertThat(conv.architecture()).isEqualTo(Architecture.CONVOLUTIONAL);
        TrainedModel trained = train(conv, squares, new TrainingSettings(25, 32, OptimizerKind.ADAM, 0.01, 0.9, 0,
                0.2, 0, 0, 4L));
        assertThat(lastValidationLoss(trained)).isLessThan(trained.initialValidationLoss() * 0.35);
        ModelSpec convVae = SpecValidator.complete(Specs.of(Variant.VARIATIONAL, 1, 8, 8)
                .architecture(Architecture.CONVOLUTIONAL).hidden(8).latent(6).normalization(NormalizationKind.NONE)
                .noise(Noise.Type.GAUSSIAN, 0.1).beta(0.1).build());
        TrainedModel vae = train(convVae, squares, new TrainingSettings(20, 32, OptimizerKind.ADAM, 0.01, 0.9, 0,
                0.2, 0, 0, 4L));
        assertThat(lastValidationLoss(vae)).isLessThan(vae.initialValidationLoss() * 0.6);
        try (LoadedModel model = load(vae)) {
            assertThat(model.decode(new float[6 * 2], 2)).hasSize(2 * 64);
        }
    }

    @Test
    void sameSeedGivesTheSameLosses() {
        ModelSpec spec = spec(Variant.DENOISING, null, null, new Noise(Noise.Type.SALT_AND_PEPPER, 0.1), null);
        TrainingSettings settings = new TrainingSettings(3, 32, OptimizerKind.SGD, 0.05, 0.9, 1e-4, 0.2, 0, 0, 42L);
        List<EpochRecord> first = train(spec, DATA, settings).history();
        List<EpochRecord> second = train(spec, DATA, settings).history();
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).trainLoss()).isEqualTo(first.get(i).trainLoss());
            assertThat(second.get(i).validationLoss()).isEqualTo(first.get(i).validationLoss());
        }
    }

    @Test
    void aTrainingSetSmallerThanOneBatchStillTrains() {
        DataMatrix few = SyntheticData.lowRank(20, 32, 3, 8);
        TrainedModel trained = train(spec(Variant.DENSE, null, null, null, null), few,
                new TrainingSettings(50, 256, OptimizerKind.ADAM, 0.01, 0.9, 0, 0.0, 0, 0, 1L));
        assertThat(trained.trainingRows()).isEqualTo(20);
        assertThat(trained.history().get(49).trainLoss()).isLessThan(trained.history().get(0).trainLoss() * 0.5);
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        TrainedModel trained = train(spec(Variant.DENSE, null, null, null, null), DATA,
                new TrainingSettings(200, 64, OptimizerKind.ADAM, 0.05, 0.9, 0, 0.2, 2, 1e-3, 1L));
        List<EpochRecord> history = trained.history();
        assertThat(history.size()).isLessThan(200).isEqualTo(trained.bestEpoch() + 2);
        double best = history.get(trained.bestEpoch() - 1).validationLoss();
        for (EpochRecord later : history.subList(trained.bestEpoch(), history.size())) {
            assertThat(later.validationLoss()).isGreaterThan(best - 1e-3);
        }
        try (LoadedModel model = load(trained)) {
            float[] errors = model.forward(DATA.values(), DATA.rows(), Set.of(ForwardOutput.ERRORS))
                    .get(ForwardOutput.ERRORS);
            double mean = 0;
            for (float e : errors) {
                mean += e / errors.length;
            }
            assertThat(mean).isLessThan(history.get(history.size() - 1).trainLoss() * 1.5 + best);
        }
    }

    private static double activeFraction(float[] codes) {
        long active = 0;
        for (float c : codes) {
            if (Math.abs(c) > 1e-3) {
                active++;
            }
        }
        return (double) active / codes.length;
    }

    /** Mean squared Frobenius norm of d code / d input, by central finite differences in normalised units. */
    static double jacobianNorm(LoadedModel model, DataMatrix data) {
        int width = data.width();
        int rows = Math.min(data.rows(), 40);
        double step = 1e-2;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            float[] plus = new float[width * width];
            float[] minus = new float[width * width];
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < width; j++) {
                    plus[i * width + j] = data.values()[r * width + j];
                    minus[i * width + j] = data.values()[r * width + j];
                }
                float scale = model.normalization().scale()[i];
                plus[i * width + i] += (float) (step * scale);
                minus[i * width + i] -= (float) (step * scale);
            }
            float[] up = model.encode(plus, width).codes();
            float[] down = model.encode(minus, width).codes();
            for (int k = 0; k < up.length; k++) {
                double derivative = (up[k] - down[k]) / (2 * step);
                total += derivative * derivative;
            }
        }
        return total / rows;
    }

    private static double mse(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum / a.length;
    }
}
