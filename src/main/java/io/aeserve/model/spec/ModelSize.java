package io.aeserve.model.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How big the model of a completed spec is, computed from the spec alone so that a spec can be refused before any
 * block is built. Counts saturate at {@link Long#MAX_VALUE} instead of overflowing.
 *
 * <p>The parameters are exactly those {@code BlockFactory} allocates: a linear layer has {@code in x out} weights
 * and {@code out} biases, a 3x3 convolution {@code 9 x in x out} weights and {@code out} biases, and a variational
 * model has two heads (mean and log-variance) from the encoder's output to the code.
 *
 * <p>The activations are an estimate of the values one row leaves behind in a training forward pass: the input,
 * the output of every layer, activation, pooling and upsampling, the code (with the mean, log-variance, noise and
 * sample of a variational model) and the reconstruction; a contractive model runs its encoder twice.
 *
 * @param parameters trainable parameters
 * @param activationsPerRow values one row holds in a training forward pass
 */
public record ModelSize(long parameters, long activationsPerRow) {

    /** The size of a spec {@link SpecValidator} completed without problems. */
    public static ModelSize of(ModelSpec spec) {
        return spec.isConvolutional() ? convolutional(spec) : dense(spec);
    }

    private static ModelSize dense(ModelSpec spec) {
        boolean variational = spec.variant() == Variant.VARIATIONAL;
        long input = spec.inputShape().get(0);
        long latent = spec.latentDim();
        Counter count = new Counter();
        count.activations(input);
        long previous = input;
        for (int width : spec.hiddenLayers()) {
            count.linear(previous, width).activations(2, width);
            previous = width;
        }
        long encoderActivations = count.activations - input;
        if (variational) {
            count.linear(previous, latent).linear(previous, latent).activations(6, latent);
        } else {
            count.linear(previous, latent).activations(2, latent);
            encoderActivations += 2 * latent;
        }
        if (spec.variant() == Variant.CONTRACTIVE) {
            count.activations(encoderActivations);
        }
        previous = latent;
        for (int width : spec.decoderLayers()) {
            count.linear(previous, width).activations(2, width);
            previous = width;
        }
        count.linear(previous, input).activations(2, input);
        return count.size();
    }

    private static ModelSize convolutional(ModelSpec spec) {
        boolean variational = spec.variant() == Variant.VARIATIONAL;
        List<Integer> channels = spec.hiddenLayers();
        long inputChannels = spec.inputShape().get(0);
        long height = spec.inputShape().get(1);
        long width = spec.inputShape().get(2);
        Counter count = new Counter();
        count.activations(times(inputChannels, times(height, width)));
        long previous = inputChannels;
        long h = height;
        long w = width;
        for (int c : channels) {
            long map = times(h, w);
            count.convolution(previous, c).activations(2, times(c, map)).activations(times(c, map / 4));
            previous = c;
            h /= 2;
            w /= 2;
        }
        long flat = times(previous, times(h, w));
        Integer latentDim = spec.latentDim();
        if (latentDim != null) {
            long latent = latentDim;
            if (variational) {
                count.linear(flat, latent).linear(flat, latent).activations(6, latent);
            } else {
                count.linear(flat, latent).activations(2, latent);
            }
            count.linear(latent, flat).activations(2, flat);
        }
        List<Integer> reversed = new ArrayList<>(channels);
        Collections.reverse(reversed);
        for (int c : reversed) {
            h *= 2;
            w *= 2;
            long map = times(h, w);
            count.activations(times(previous, map)).convolution(previous, c).activations(2, times(c, map));
            previous = c;
        }
        count.convolution(previous, inputChannels).activations(2, times(inputChannels, times(height, width)));
        return count.size();
    }

    /** Saturating product: {@link Long#MAX_VALUE} instead of an overflow. */
    static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static final class Counter {
        private long parameters;
        private long activations;

        Counter linear(long in, long out) {
            parameters = plus(parameters, plus(times(in, out), out));
            return this;
        }

        Counter convolution(long in, long out) {
            parameters = plus(parameters, plus(times(9, times(in, out)), out));
            return this;
        }

        Counter activations(long values) {
            activations = plus(activations, values);
            return this;
        }

        Counter activations(long times, long values) {
            return activations(times(times, values));
        }

        ModelSize size() {
            return new ModelSize(parameters, activations);
        }
    }
}
