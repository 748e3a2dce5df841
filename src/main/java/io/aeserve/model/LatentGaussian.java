package io.aeserve.model;

/**
 * A Gaussian fitted to the codes of the training rows, for scoring how unusual a code is: the squared Mahalanobis
 * distance (z - mean)^T precision (z - mean). The covariance is shrunk towards a multiple of the identity (10% of
 * its mean variance), so it stays invertible when codes are correlated or when there are fewer rows than
 * dimensions.
 *
 * @param mean the mean code
 * @param precision the inverse of the shrunk covariance, row-major, dimension x dimension
 */
public record LatentGaussian(float[] mean, float[] precision) {

    /** Codes longer than this get no Gaussian: the fit and each score would cost too much. */
    public static final int MAX_DIMENSION = 256;
    static final double SHRINKAGE = 0.1;

    public int dimension() {
        return mean.length;
    }

    /**
     * What makes this Gaussian unusable, or null when it is sound: a precision of dimension x dimension finite
     * values, symmetric and positive definite, and a finite mean. For statistics that come from outside, such as an
     * imported archive.
     */
    public String problem() {
        int n = mean.length;
        if (n == 0 || n > MAX_DIMENSION) {
            return "has dimension " + n + "; it must be from 1 to " + MAX_DIMENSION;
        }
        if (precision.length != (long) n * n) {
            return "has " + precision.length + " values; a precision matrix of dimension " + n + " has " + n * n;
        }
        for (float value : mean) {
            if (!Float.isFinite(value)) {
                return "has a mean that is not finite";
            }
        }
        double[] matrix = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float value = precision[i * n + j];
                float mirrored = precision[j * n + i];
                if (!Float.isFinite(value)) {
                    return "has a value that is not finite at [" + i + ", " + j + "]";
                }
                if (Math.abs(value - mirrored) > 1e-4 * Math.max(1, Math.max(Math.abs(value), Math.abs(mirrored)))) {
                    return "is not symmetric: [" + i + ", " + j + "] is " + value + ", [" + j + ", " + i + "] is "
                            + mirrored;
                }
                matrix[i * n + j] = value;
            }
        }
        try {
            cholesky(matrix, n);
        } catch (IllegalStateException e) {
            return "is not positive definite";
        }
        return null;
    }

    public static LatentGaussian fit(float[] codes, int rows, int dimension) {
        double[] mean = new double[dimension];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dimension; i++) {
                mean[i] += codes[r * dimension + i];
            }
        }
        for (int i = 0; i < dimension; i++) {
            mean[i] /= rows;
        }
        double[] covariance = new double[dimension * dimension];
        double[] centred = new double[dimension];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dimension; i++) {
                centred[i] = codes[r * dimension + i] - mean[i];
            }
            for (int i = 0; i < dimension; i++) {
                double ci = centred[i];
                int row = i * dimension;
                for (int j = 0; j <= i; j++) {
                    covariance[row + j] += ci * centred[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j <= i; j++) {
                covariance[i * dimension + j] /= rows;
                covariance[j * dimension + i] = covariance[i * dimension + j];
            }
            trace += covariance[i * dimension + i];
        }
        double ridge = Math.max(SHRINKAGE * trace / dimension, 1e-6);
        for (int i = 0; i < dimension * dimension; i++) {
            covariance[i] *= 1 - SHRINKAGE;
        }
        for (int i = 0; i < dimension; i++) {
            covariance[i * dimension + i] += ridge;
        }
        double[] precision = invertSymmetricPositive(covariance, dimension);
        float[] meanFloats = new float[dimension];
        float[] precisionFloats = new float[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            meanFloats[i] = (float) mean[i];
        }
        for (int i = 0; i < precision.length; i++) {
            precisionFloats[i] = (float) precision[i];
        }
        return new LatentGaussian(meanFloats, precisionFloats);
    }

    /** Squared Mahalanobis distance of each code. */
    public float[] distances(float[] codes, int rows) {
        int dimension = mean.length;
        float[] distances = new float[rows];
        double[] centred = new double[dimension];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dimension; i++) {
                centred[i] = codes[r * dimension + i] - mean[i];
            }
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double row = 0;
                int offset = i * dimension;
                for (int j = 0; j < dimension; j++) {
                    row += precision[offset + j] * centred[j];
                }
                sum += centred[i] * row;
            }
            distances[r] = (float) sum;
        }
        return distances;
    }

    /** Inverse through the Cholesky factor A = L L^T: A^-1 = L^-T L^-1. */
    static double[] invertSymmetricPositive(double[] a, int n) {
        double[] l = cholesky(a, n);
        double[] lInverse = new double[n * n];
        for (int column = 0; column < n; column++) {
            for (int i = column; i < n; i++) {
                double sum = i == column ? 1 : 0;
                for (int k = column; k < i; k++) {
                    sum -= l[i * n + k] * lInverse[k * n + column];
                }
                lInverse[i * n + column] = sum / l[i * n + i];
            }
        }
        double[] inverse = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = i; k < n; k++) {
                    sum += lInverse[k * n + i] * lInverse[k * n + j];
                }
                inverse[i * n + j] = sum;
                inverse[j * n + i] = sum;
            }
        }
        return inverse;
    }

    /** The lower-triangular L with A = L L^T, row-major, for a symmetric positive definite A. */
    static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new IllegalStateException("the matrix is not positive definite");
                    }
                    l[i * n + i] = Math.sqrt(sum);
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return l;
    }
}
