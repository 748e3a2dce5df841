package io.aeserve.model.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a model is: its variant, layers, activations, loss and normalisation. The service answers with the spec
 * completed: every default filled in.
 *
 * @param variant the kind of autoencoder
 * @param architecture dense layers, or convolutional blocks; defaults to {@code convolutional} for the
 *     convolutional variant and to {@code dense} otherwise
 * @param inputShape {@code [features]} (dense) or {@code [channels, height, width]} (convolutional)
 * @param hiddenLayers encoder layer widths (dense) or channels per conv block (convolutional), from the input on
 * @param decoderLayers decoder layer widths from the code on; the mirror of {@code hiddenLayers} when absent
 * @param latentDim size of the code; for convolutional models, absent means the flattened bottleneck is the code
 * @param activation activation of hidden layers
 * @param codeActivation activation of the code layer (not of a variational model's mean)
 * @param outputActivation activation of the reconstruction
 * @param loss reconstruction loss
 * @param normalization input scaling fitted on the training data
 * @param sparsity sparsity penalty (sparse only)
 * @param contractiveWeight weight of the contractive penalty (contractive only)
 * @param noise input corruption during training (required for denoising, allowed for all)
 * @param beta weight of the KL term (variational only)
 */
@Schema(description = "What a model is. The service answers with every default filled in.")
public record ModelSpec(
        @Schema(example = "dense") Variant variant,
        @Schema(example = "dense") Architecture architecture,
        @Schema(example = "[784]") List<Integer> inputShape,
        @Schema(example = "[392]") List<Integer> hiddenLayers,
        List<Integer> decoderLayers,
        @Schema(example = "196") Integer latentDim,
        @Schema(example = "relu") ActivationKind activation,
        @Schema(example = "linear") ActivationKind codeActivation,
        @Schema(example = "sigmoid") OutputActivation outputActivation,
        @Schema(example = "mse") LossKind loss,
        @Schema(example = "minmax") NormalizationKind normalization,
        Sparsity sparsity,
        Double contractiveWeight,
        Noise noise,
        Double beta) {

    @JsonIgnore
    public boolean isConvolutional() {
        return architecture == Architecture.CONVOLUTIONAL;
    }

    /** Whether the encoder gives a posterior (mean and log-variance) rather than a code. */
    @JsonIgnore
    public boolean isVariational() {
        return variant == Variant.VARIATIONAL;
    }

    /** Number of values in one input row. */
    @JsonIgnore
    public int inputSize() {
        return inputShape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }
}
