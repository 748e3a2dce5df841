package io.aeserve.support;

import io.aeserve.model.spec.ActivationKind;
import io.aeserve.model.spec.Architecture;
import io.aeserve.model.spec.LossKind;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.Noise;
import io.aeserve.model.spec.NormalizationKind;
import io.aeserve.model.spec.OutputActivation;
import io.aeserve.model.spec.Sparsity;
import io.aeserve.model.spec.Variant;
import java.util.Arrays;
import java.util.List;

/**
 * Model specs for tests, field by field: {@code Specs.dense(16).hidden(8).latent(3).build()}. A field that is not
 * set stays null, as in a request that leaves it out, so the spec validator fills in its default; {@code hidden()}
 * with no widths is the empty list, which is not the same as leaving the field out.
 */
public final class Specs {

    private Specs() {}

    /** A {@code dense} variant over rows of this shape. */
    public static Builder dense(int... inputShape) {
        return of(Variant.DENSE, inputShape);
    }

    /** A {@code convolutional} variant over images of this shape. */
    public static Builder conv(int channels, int height, int width) {
        return of(Variant.CONVOLUTIONAL, channels, height, width);
    }

    /** Any variant over rows of this shape. */
    public static Builder of(Variant variant, int... inputShape) {
        return new Builder().variant(variant).inputShape(inputShape);
    }

    /** Every field null. */
    public static Builder empty() {
        return new Builder();
    }

    /** Fluent setters for each of the spec's fields; {@link #build()} makes the record as it is. */
    public static final class Builder {

        private Variant variant;
        private Architecture architecture;
        private List<Integer> inputShape;
        private List<Integer> hiddenLayers;
        private List<Integer> decoderLayers;
        private Integer latentDim;
        private ActivationKind activation;
        private ActivationKind codeActivation;
        private OutputActivation outputActivation;
        private LossKind loss;
        private NormalizationKind normalization;
        private Sparsity sparsity;
        private Double contractiveWeight;
        private Noise noise;
        private Double beta;

        private Builder() {}

        public Builder variant(Variant variant) {
            this.variant = variant;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder inputShape(int... dims) {
            return inputShape(boxed(dims));
        }

        /** As given: may be null or hold nulls. */
        public Builder inputShape(List<Integer> dims) {
            this.inputShape = dims;
            return this;
        }

        public Builder hidden(int... widths) {
            return hiddenLayers(boxed(widths));
        }

        /** As given: may be null or hold nulls. */
        public Builder hiddenLayers(List<Integer> widths) {
            this.hiddenLayers = widths;
            return this;
        }

        public Builder decoder(int... widths) {
            return decoderLayers(boxed(widths));
        }

        /** As given: may be null or hold nulls. */
        public Builder decoderLayers(List<Integer> widths) {
            this.decoderLayers = widths;
            return this;
        }

        public Builder latent(Integer latentDim) {
            this.latentDim = latentDim;
            return this;
        }

        public Builder activation(ActivationKind activation) {
            this.activation = activation;
            return this;
        }

        public Builder codeActivation(ActivationKind codeActivation) {
            this.codeActivation = codeActivation;
            return this;
        }

        public Builder outputActivation(OutputActivation outputActivation) {
            this.outputActivation = outputActivation;
            return this;
        }

        public Builder loss(LossKind loss) {
            this.loss = loss;
            return this;
        }

        public Builder normalization(NormalizationKind normalization) {
            this.normalization = normalization;
            return this;
        }

        public Builder sparsity(Sparsity sparsity) {
            this.sparsity = sparsity;
            return this;
        }

        public Builder sparsity(Sparsity.Penalty penalty, Double weight, Double target) {
            return sparsity(new Sparsity(penalty, weight, target));
        }

        public Builder contractiveWeight(Double contractiveWeight) {
            this.contractiveWeight = contractiveWeight;
            return this;
        }

        public Builder noise(Noise noise) {
            this.noise = noise;
            return this;
        }

        public Builder noise(Noise.Type type, Double level) {
            return noise(new Noise(type, level));
        }

        public Builder beta(Double beta) {
            this.beta = beta;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(variant, architecture, inputShape, hiddenLayers, decoderLayers, latentDim, activation,
                    codeActivation, outputActivation, loss, normalization, sparsity, contractiveWeight, noise, beta);
        }

        private static List<Integer> boxed(int[] values) {
            return Arrays.stream(values).boxed().toList();
        }
    }
}
