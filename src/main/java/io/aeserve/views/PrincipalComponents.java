package io.aeserve.views;

/**
 * The first principal components of rows, by power iteration on their covariance matrix with deflation, each axis
 * kept orthogonal to the ones before: enough for a 2-D map of codes of up to a few hundred values, without a
 * linear-algebra library.
 */
final class PrincipalComponents {

    private static final int ITERATIONS = 200;

    /** The projection of each row on the components, row after row, and each component's share of the variance. */
    record Projection(float[] coordinates, double[] explained) {}

    private PrincipalComponents() {}

    static Projection project(float[] values, int rows, int width, int components) {
        double[] mean = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                mean[c] += values[r * width + c];
            }
        }
        for (int c = 0; c < width; c++) {
            mean[c] /= rows;
        }
        double[][] covariance = new double[width][width];
        double[] centred = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                centred[c] = values[r * width + c] - mean[c];
            }
            for (int i = 0; i < width; i++) {
                for (int j = i; j < width; j++) {
                    covariance[i][j] += centred[i] * centred[j];
                }
            }
        }
        double total = 0;
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                covariance[i][j] /= Math.max(1, rows - 1);
                covariance[j][i] = covariance[i][j];
            }
            total += covariance[i][i];
        }
        int kept = Math.min(components, width);
        double[][] axes = new double[components][];
        double[] explained = new double[components];
        for (int k = 0; k < kept; k++) {
            double[] axis = new double[width];
            for (int c = 0; c < width; c++) {
                axis[c] = 1.0 + 1e-3 * c;
            }
            axis = unit(orthogonal(axis, axes, k));
            double eigenvalue = 0;
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                // orthogonal to the axes before it, against rounding that would turn it back towards them
                double[] next = orthogonal(multiply(covariance, axis), axes, k);
                double length = norm(next);
                if (length <= 1e-12 * total) {
                    eigenvalue = 0;
                    break; // no variance left: any orthogonal axis will do
                }
                eigenvalue = length;
                axis = unit(next);
            }
            axes[k] = axis;
            explained[k] = total > 0 ? eigenvalue / total : 0;
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < width; j++) {
                    covariance[i][j] -= eigenvalue * axis[i] * axis[j];
                }
            }
        }
        float[] coordinates = new float[rows * components];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < kept; k++) {
                double sum = 0;
                for (int c = 0; c < width; c++) {
                    sum += (values[r * width + c] - mean[c]) * axes[k][c];
                }
                coordinates[r * components + k] = (float) sum;
            }
        }
        return new Projection(coordinates, explained);
    }

    private static double[] multiply(double[][] matrix, double[] vector) {
        double[] result = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            double sum = 0;
            for (int j = 0; j < vector.length; j++) {
                sum += matrix[i][j] * vector[j];
            }
            result[i] = sum;
        }
        return result;
    }

    private static double[] orthogonal(double[] vector, double[][] axes, int count) {
        for (int k = 0; k < count; k++) {
            double along = dot(vector, axes[k]);
            for (int c = 0; c < vector.length; c++) {
                vector[c] -= along * axes[k][c];
            }
        }
        return vector;
    }

    private static double[] unit(double[] vector) {
        double length = norm(vector);
        for (int c = 0; c < vector.length; c++) {
            vector[c] /= length;
        }
        return vector;
    }

    private static double norm(double[] vector) {
        return Math.sqrt(dot(vector, vector));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
