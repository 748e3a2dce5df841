package io.aeserve.model;

import io.aeserve.model.spec.NormalizationKind;

/**
 * Per-feature scaling fitted on training data: {@code normalised = (x - offset) / scale}. minmax maps the training
 * range of each feature to [0, 1]; standard to zero mean and unit variance; none leaves values as they are. A
 * feature that is constant in training gets scale 1, so it cannot blow up later inputs.
 */
public record Normalization(NormalizationKind kind, float[] offset, float[] scale) {

    public static Normalization fit(NormalizationKind kind, float[] values, int rows, int width) {
        float[] offset = new float[width];
        float[] scale = new float[width];
        java.util.Arrays.fill(scale, 1f);
        if (kind == NormalizationKind.MINMAX) {
            float[] max = new float[width];
            java.util.Arrays.fill(offset, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                for (int f = 0; f < width; f++) {
                    float v = values[base + f];
                    offset[f] = Math.min(offset[f], v);
                    max[f] = Math.max(max[f], v);
                }
            }
            for (int f = 0; f < width; f++) {
                float range = max[f] - offset[f];
                scale[f] = range > 1e-12f ? range : 1f;
            }
        } else if (kind == NormalizationKind.STANDARD) {
            double[] sum = new double[width];
            double[] squares = new double[width];
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                for (int f = 0; f < width; f++) {
                    double v = values[base + f];
                    sum[f] += v;
                    squares[f] += v * v;
                }
            }
            for (int f = 0; f < width; f++) {
                double mean = sum[f] / rows;
                double variance = Math.max(0, squares[f] / rows - mean * mean);
                offset[f] = (float) mean;
                scale[f] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
            }
        }
        return new Normalization(kind, offset, scale);
    }

    /** Normalised copy of rows laid out one after another. */
    public float[] apply(float[] values) {
        if (kind == NormalizationKind.NONE) {
            return values.clone();
        }
        int width = offset.length;
        float[] out = new float[values.length];
        for (int row = 0; row < values.length; row += width) {
            for (int f = 0, end = Math.min(width, values.length - row); f < end; f++) {
                out[row + f] = (values[row + f] - offset[f]) / scale[f];
            }
        }
        return out;
    }

    /** Inverse of {@link #apply}, in place. */
    public float[] invertInPlace(float[] values) {
        if (kind == NormalizationKind.NONE) {
            return values;
        }
        int width = offset.length;
        for (int row = 0; row < values.length; row += width) {
            for (int f = 0, end = Math.min(width, values.length - row); f < end; f++) {
                values[row + f] = values[row + f] * scale[f] + offset[f];
            }
        }
        return values;
    }
}
