package io.aeserve.model.spec;

import io.aeserve.error.FieldProblem;
import io.aeserve.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Checks a spec's cross-field rules and size, and fills in its defaults. Every problem found is reported at once,
 * each naming its field ({@code spec.latentDim}); a spec whose model would have more trainable parameters than
 * {@code maxParameters} is refused naming {@code spec}. Sizes are computed with exact arithmetic, so an absurd
 * shape is a problem reported, never an overflow.
 */
public final class SpecValidator {

    static final int MAX_LAYERS = 16;
    static final int MAX_WIDTH = 65_536;
    static final int MAX_INPUT_SIZE = 16_777_216;
    /** The default of {@code aeserve.limits.max-parameters}. */
    public static final long DEFAULT_MAX_PARAMETERS = 50_000_000L;
    static final String MAX_PARAMETERS_PROPERTY = "aeserve.limits.max-parameters";

    private static final SpecValidator DEFAULTS = new SpecValidator(DEFAULT_MAX_PARAMETERS);

    private final long maxParameters;

    /** A validator refusing models of more than {@code maxParameters} trainable parameters. */
    public SpecValidator(long maxParameters) {
        if (maxParameters <= 0) {
            throw new IllegalArgumentException(MAX_PARAMETERS_PROPERTY + " must be positive, not " + maxParameters);
        }
        this.maxParameters = maxParameters;
    }

    /**
     * The spec with every default filled in, checked against the default limits; the service checks through its
     * {@link SpecValidator} bean, which holds the configured ones.
     */
    public static ModelSpec complete(ModelSpec spec) {
        return DEFAULTS.validate(spec);
    }

    public long maxParameters() {
        return maxParameters;
    }

    /** The spec with every default filled in; throws {@link InvalidInputException} listing every bad field. */
    public ModelSpec validate(ModelSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("spec", "is required");
        }
        Completion completion = new Completion();
        ModelSpec completed = completion.completeSpec(spec);
        if (completion.problems.isEmpty()) {
            long parameters = ModelSize.of(completed).parameters();
            if (parameters > maxParameters) {
                completion.problems.add(new FieldProblem("spec", "the model would have "
                        + (parameters == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : parameters)
                        + " trainable parameters; at most " + maxParameters + " are allowed ("
                        + MAX_PARAMETERS_PROPERTY + "); use fewer or narrower layers or a smaller input"));
            }
        }
        if (!completion.problems.isEmpty()) {
            String detail = completion.problems.stream().map(p -> p.field() + ": " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow();
            throw new InvalidInputException(detail, completion.problems);
        }
        return completed;
    }

    /** One validation: the problems found so far, so the validator itself can be shared between threads. */
    private static final class Completion {

        private final List<FieldProblem> problems = new ArrayList<>();

        private ModelSpec completeSpec(ModelSpec spec) {
            Variant variant = spec.variant();
            if (variant == null) {
                problem("variant", "is required: dense, sparse, contractive, denoising, convolutional or variational");
                variant = Variant.DENSE;
            }
            Architecture architecture = architecture(variant, spec.architecture());
            boolean conv = architecture == Architecture.CONVOLUTIONAL;
            List<Integer> inputShape = inputShape(spec.inputShape(), conv);
            List<Integer> hidden = hiddenLayers(spec.hiddenLayers(), variant, conv, inputShape);
            List<Integer> decoder = decoderLayers(spec.decoderLayers(), hidden, conv);
            Integer latentDim = latentDim(spec.latentDim(), variant, conv, inputShape);
            Sparsity sparsity = sparsity(spec.sparsity(), variant);
            ActivationKind codeActivation = codeActivation(spec.codeActivation(), variant, sparsity, conv, latentDim);
            NormalizationKind normalization = orDefault(spec.normalization(), NormalizationKind.MINMAX);
            OutputActivation output = orDefault(spec.outputActivation(),
                    normalization == NormalizationKind.MINMAX ? OutputActivation.SIGMOID : OutputActivation.LINEAR);
            LossKind loss = orDefault(spec.loss(), LossKind.MSE);
            if (loss == LossKind.BCE && output != OutputActivation.SIGMOID) {
                problem("loss", "bce needs outputActivation sigmoid");
            }
            Double contractiveWeight = onlyFor(variant, Variant.CONTRACTIVE, "contractiveWeight",
                    spec.contractiveWeight(), 0.001);
            if (contractiveWeight != null && contractiveWeight < 0) {
                problem("contractiveWeight", "must be zero or positive");
            }
            Double beta = onlyFor(variant, Variant.VARIATIONAL, "beta", spec.beta(), 1.0);
            if (beta != null && beta < 0) {
                problem("beta", "must be zero or positive");
            }
            return new ModelSpec(variant, architecture, inputShape, hidden, decoder, latentDim,
                    orDefault(spec.activation(), ActivationKind.RELU), codeActivation, output, loss, normalization,
                    sparsity, contractiveWeight, noise(spec.noise(), variant), beta);
        }

        private Architecture architecture(Variant variant, Architecture given) {
            Architecture architecture = given != null ? given
                    : variant == Variant.CONVOLUTIONAL ? Architecture.CONVOLUTIONAL : Architecture.DENSE;
            if (variant == Variant.CONVOLUTIONAL && architecture != Architecture.CONVOLUTIONAL) {
                problem("architecture", "the convolutional variant has the convolutional architecture");
            }
            if ((variant == Variant.SPARSE || variant == Variant.CONTRACTIVE) && architecture != Architecture.DENSE) {
                problem("architecture", "the " + variant.name().toLowerCase() + " variant supports the dense architecture only");
            }
            return architecture;
        }

        private List<Integer> inputShape(List<Integer> shape, boolean conv) {
            if (shape == null || shape.isEmpty()) {
                problem("inputShape", conv ? "is required: [channels, height, width]" : "is required: [features]");
                return conv ? List.of(1, 1, 1) : List.of(1);
            }
            if (conv && shape.size() != 3) {
                problem("inputShape", "must be [channels, height, width] for the convolutional architecture");
            } else if (!conv && shape.size() != 1) {
                problem("inputShape", "must be [features] for the dense architecture; use the convolutional architecture for images");
            }
            long size = 1;
            for (int i = 0; i < shape.size(); i++) {
                Integer dim = shape.get(i);
                if (dim == null || dim <= 0) {
                    problem("inputShape[" + i + "]", "must be a positive integer");
                    return conv ? List.of(1, 1, 1) : List.of(1);
                }
                size = ModelSize.times(size, dim);
            }
            if (size > MAX_INPUT_SIZE) {
                problem("inputShape", "has " + (size == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : size)
                        + " values; at most " + MAX_INPUT_SIZE + " are supported");
            }
            return List.copyOf(shape);
        }

        private List<Integer> hiddenLayers(List<Integer> given, Variant variant, boolean conv,
                List<Integer> inputShape) {
            List<Integer> hidden = given != null ? given : conv ? List.of(32, 64) : List.of();
            checkWidths("hiddenLayers", hidden);
            if (conv) {
                if (hidden.isEmpty()) {
                    problem("hiddenLayers", "needs at least one conv block for the convolutional architecture");
                } else if (inputShape.size() == 3) {
                    int factor = 1 << Math.min(hidden.size(), 20);
                    if (inputShape.get(1) % factor != 0 || inputShape.get(2) % factor != 0) {
                        problem("hiddenLayers", hidden.size() + " conv blocks halve height and width " + hidden.size()
                                + " times, so both must be divisible by " + factor + "; the input is "
                                + inputShape.get(1) + "x" + inputShape.get(2));
                    }
                }
            } else if (variant == Variant.VARIATIONAL && hidden.isEmpty()) {
                problem("hiddenLayers", "needs at least one layer for a variational model: its mean and"
                        + " log-variance heads read the last hidden layer");
            }
            return copy(hidden);
        }

        private List<Integer> decoderLayers(List<Integer> given, List<Integer> hidden, boolean conv) {
            if (given == null) {
                List<Integer> mirror = new ArrayList<>(hidden);
                Collections.reverse(mirror);
                return copy(mirror);
            }
            List<Integer> mirror = new ArrayList<>(hidden);
            Collections.reverse(mirror);
            // a completed conv spec holds the mirror; completing it again must give the same spec
            if (conv && !given.equals(mirror)) {
                problem("decoderLayers", "applies to the dense architecture only; a conv decoder mirrors the encoder");
            }
            checkWidths("decoderLayers", given);
            return copy(given);
        }

        private void checkWidths(String field, List<Integer> widths) {
            if (widths.size() > MAX_LAYERS) {
                problem(field, "has " + widths.size() + " layers; at most " + MAX_LAYERS + " are supported");
            }
            for (int i = 0; i < widths.size(); i++) {
                Integer width = widths.get(i);
                if (width == null || width <= 0 || width > MAX_WIDTH) {
                    problem(field + "[" + i + "]", "must be an integer from 1 to " + MAX_WIDTH);
                }
            }
        }

        private Integer latentDim(Integer latentDim, Variant variant, boolean conv, List<Integer> inputShape) {
            if (latentDim == null) {
                if (!conv) {
                    problem("latentDim", "is required for the dense architecture");
                } else if (variant == Variant.VARIATIONAL) {
                    problem("latentDim", "is required for a variational model");
                }
                return null;
            }
            if (latentDim <= 0 || latentDim > MAX_WIDTH) {
                problem("latentDim", "must be an integer from 1 to " + MAX_WIDTH);
                return latentDim;
            }
            long inputSize = inputShape.stream().mapToLong(Integer::longValue).reduce(1, ModelSize::times);
            if (variant != Variant.SPARSE && latentDim >= inputSize) {
                problem("latentDim", "must be smaller than the input size " + inputSize
                        + " (an overcomplete code is allowed only for the sparse variant)");
            }
            return latentDim;
        }

        private Sparsity sparsity(Sparsity given, Variant variant) {
            if (variant != Variant.SPARSE) {
                if (given != null) {
                    problem("sparsity", "applies to the sparse variant only");
                }
                return null;
            }
            Sparsity.Penalty penalty = given != null && given.penalty() != null ? given.penalty() : Sparsity.Penalty.L1;
            double weight = given != null && given.weight() != null ? given.weight()
                    : penalty == Sparsity.Penalty.L1 ? 0.001 : 0.01;
            if (weight < 0) {
                problem("sparsity.weight", "must be zero or positive");
            }
            Double target = given != null ? given.target() : null;
            if (penalty == Sparsity.Penalty.KL) {
                target = target != null ? target : 0.05;
                if (target <= 0 || target >= 1) {
                    problem("sparsity.target", "must be between 0 and 1 (exclusive)");
                }
            } else if (target != null) {
                problem("sparsity.target", "applies to the kl penalty only");
            }
            return new Sparsity(penalty, weight, target);
        }

        private ActivationKind codeActivation(ActivationKind given, Variant variant, Sparsity sparsity, boolean conv,
                Integer latentDim) {
            if (variant == Variant.VARIATIONAL) {
                if (given != null && given != ActivationKind.LINEAR) {
                    problem("codeActivation", "does not apply to a variational model: its code is a Gaussian's mean");
                }
                return ActivationKind.LINEAR;
            }
            if (conv && latentDim == null) {
                if (given != null) {
                    problem("codeActivation", "applies only with latentDim; without it the code is the last conv block's output");
                }
                return null;
            }
            if (sparsity != null && sparsity.penalty() == Sparsity.Penalty.KL) {
                if (given != null && given != ActivationKind.SIGMOID) {
                    problem("codeActivation", "must be sigmoid with the kl sparsity penalty");
                }
                return ActivationKind.SIGMOID;
            }
            if (given != null) {
                return given;
            }
            return switch (variant) {
                case SPARSE -> ActivationKind.RELU;
                case CONTRACTIVE -> ActivationKind.SIGMOID;
                default -> ActivationKind.LINEAR;
            };
        }

        private Noise noise(Noise given, Variant variant) {
            if (given == null) {
                if (variant == Variant.DENOISING) {
                    problem("noise", "is required for the denoising variant: {\"type\": \"gaussian\", \"level\": 0.5}");
                }
                return null;
            }
            if (given.type() == null) {
                problem("noise.type", "is required: gaussian, masking or salt_and_pepper");
                return given;
            }
            double level = given.level() != null ? given.level() : given.type() == Noise.Type.GAUSSIAN ? 0.1 : 0.25;
            if (given.type() == Noise.Type.GAUSSIAN ? level <= 0 : level <= 0 || level >= 1) {
                problem("noise.level", given.type() == Noise.Type.GAUSSIAN ? "must be positive"
                        : "must be a fraction between 0 and 1 (exclusive)");
            }
            return new Noise(given.type(), level);
        }

        private Double onlyFor(Variant variant, Variant owner, String field, Double given, double defaultValue) {
            if (variant != owner) {
                if (given != null) {
                    problem(field, "applies to the " + owner.name().toLowerCase() + " variant only");
                }
                return null;
            }
            return given != null ? given : defaultValue;
        }

        /** An immutable copy; one holding nulls (already reported) is kept as it is, for the report. */
        private static List<Integer> copy(List<Integer> list) {
            return list.stream().anyMatch(Objects::isNull) ? Collections.unmodifiableList(new ArrayList<>(list))
                    : List.copyOf(list);
        }

        private static <T> T orDefault(T value, T defaultValue) {
            return value != null ? value : defaultValue;
        }

        private void problem(String field, String message) {
            problems.add(new FieldProblem("spec." + field, message));
        }
    }
}
