package io.aeserve.benchmark;

import java.util.Random;

/** Principal component analysis by orthogonal iteration on the covariance: the baseline for compression. */
final class Pca {

    private final double[] mean;
    private final double[][] components;

    private Pca(double[] mean, double[][] components) {
        this.mean = mean;
        this.components = components;
    }

    static Pca fit(float[] values, int rows, int width, int k) {
        double[] mean = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                mean[i] += values[r * width + i];
            }
        }
        for (int i = 0; i < width; i++) {
            mean[i] /= rows;
        }
        double[] covariance = new double[width * width];
        double[] centred = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                centred[i] = values[r * width + i] - mean[i];
            }
            for (int i = 0; i < width; i++) {
                if (centred[i] == 0) {
                    continue;
                }
                int row = i * width;
                for (int j = 0; j <= i; j++) {
                    covariance[row + j] += centred[i] * centred[j];
                }
            }
        }
        for (int i = 0; i < width; i++) {
            for (int j = 0; j <= i; j++) {
                covariance[j * width + i] = covariance[i * width + j];
            }
        }
        double[][] basis = new double[k][width];
        Random random = new Random(1);
        for (double[] vector : basis) {
            for (int i = 0; i < width; i++) {
                vector[i] = random.nextGaussian();
            }
        }
        orthonormalise(basis);
        for (int iteration = 0; iteration < 300; iteration++) {
            double[][] next = new double[k][width];
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < width; i++) {
                    double sum = 0;
                    for (int j = 0; j < width; j++) {
                        sum += covariance[i * width + j] * basis[c][j];
                    }
                    next[c][i] = sum;
                }
            }
            orthonormalise(next);
            basis = next;
        }
        return new Pca(mean, basis);
    }

    /** Mean squared error of projecting the rows on the components and back. */
    double testError(float[] values, int rows) {
        int width = mean.length;
        double error = 0;
        double[] centred = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                centred[i] = values[r * width + i] - mean[i];
            }
            double[] reconstruction = new double[width];
            for (double[] component : components) {
                double projection = 0;
                for (int i = 0; i < width; i++) {
                    projection += component[i] * centred[i];
                }
                for (int i = 0; i < width; i++) {
                    reconstruction[i] += projection * component[i];
                }
            }
            for (int i = 0; i < width; i++) {
                double d = reconstruction[i] - centred[i];
                error += d * d;
            }
        }
        return error / ((double) rows * width);
    }

    /** Gram-Schmidt, in order, so the leading vectors converge to the leading components. */
    private static void orthonormalise(double[][] vectors) {
        for (int a = 0; a < vectors.length; a++) {
            for (int b = 0; b < a; b++) {
                double dot = 0;
                for (int i = 0; i < vectors[a].length; i++) {
                    dot += vectors[a][i] * vectors[b][i];
                }
                for (int i = 0; i < vectors[a].length; i++) {
                    vectors[a][i] -= dot * vectors[b][i];
                }
            }
            double norm = 0;
            for (double v : vectors[a]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < vectors[a].length; i++) {
                vectors[a][i] /= norm;
            }
        }
    }
}
