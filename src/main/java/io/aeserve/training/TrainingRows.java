package io.aeserve.training;

import io.aeserve.data.DataMatrix;
import io.aeserve.model.Normalization;
import io.aeserve.model.spec.ModelSpec;
import java.util.Arrays;
import java.util.Random;

/**
 * The rows of one run in the model's normalised units, split once into training and validation rows by the run's
 * shuffle.
 */
final class TrainingRows {

    private final Normalization normalization;
    private final float[] values;
    private final int width;
    private final int[] training;
    private final int[] validation;

    private TrainingRows(Normalization normalization, float[] values, int width, int[] training, int[] validation) {
        this.normalization = normalization;
        this.values = values;
        this.width = width;
        this.training = training;
        this.validation = validation;
    }

    /** Normalises the rows, fitting the normalisation unless one is given (fine-tuning), and splits them. */
    static TrainingRows prepare(ModelSpec spec, DataMatrix data, Normalization given, double validationSplit,
            Random random) {
        int width = spec.inputSize();
        Normalization normalization = given != null ? given
                : Normalization.fit(spec.normalization(), data.values(), data.rows(), width);
        float[] values = normalization.apply(data.values());
        int[] order = shuffled(data.rows(), random);
        int validationRows = validationRows(data.rows(), validationSplit);
        return new TrainingRows(normalization, values, width,
                Arrays.copyOfRange(order, validationRows, order.length), Arrays.copyOfRange(order, 0, validationRows));
    }

    static int validationRows(int rows, double split) {
        if (split <= 0 || rows < 2) {
            return 0;
        }
        return (int) Math.min(rows - 1, Math.max(1, Math.round(rows * split)));
    }

    Normalization normalization() {
        return normalization;
    }

    int width() {
        return width;
    }

    /** Indices of the training rows; each epoch reshuffles them in place. */
    int[] training() {
        return training;
    }

    int[] validation() {
        return validation;
    }

    boolean hasValidation() {
        return validation.length > 0;
    }

    /** Indices of every row, training and validation, in their original order. */
    int[] all() {
        return allRows(values.length / width);
    }

    /** Corruption of training batches for the spec's noise, clipped to these rows' range; null without noise. */
    Corruption corruption(ModelSpec spec) {
        if (spec.noise() == null) {
            return null;
        }
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        return new Corruption(spec.noise(), low, high);
    }

    /** Copies {@code n} rows, named by {@code indices} from {@code from} on, into the start of the buffer. */
    void gather(int[] indices, int from, int n, float[] buffer) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(values, indices[from + i] * width, buffer, i * width, width);
        }
    }

    static void shuffle(int[] indices, Random random) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
    }

    private static int[] allRows(int count) {
        int[] all = new int[count];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static int[] shuffled(int count, Random random) {
        int[] order = allRows(count);
        shuffle(order, random);
        return order;
    }
}
