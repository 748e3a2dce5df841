package io.aeserve.model;

import java.util.Arrays;

/**
 * The codes of (up to {@link #MAX_REFERENCES} of) the training rows, for the {@code knn} score: the mean distance
 * from a code to its {@link #K} nearest training codes, measured after whitening by the training codes' Gaussian,
 * so that every direction of the code counts by how much it varies in the training data. Unlike the Gaussian
 * alone, it follows data made of several clusters (a class of bags with and without handles, say).
 */
public final class CodeNeighbors {

    /** Training rows beyond this many are sampled down to it, which bounds memory and the cost of each score. */
    public static final int MAX_REFERENCES = 10_000;
    /** How many nearest training codes are averaged. */
    public static final int K = 5;

    private final float[] references;
    private final int rows;
    private final int dimension;
    private final float[] mean;
    private final float[] whitening;
    private final float[] whitened;
    private final float[] squaredNorms;

    /**
     * @param references reference codes, row after row, in the units of the model's code
     * @param gaussian the Gaussian of the training codes, whose precision whitens the codes
     */
    public CodeNeighbors(float[] references, LatentGaussian gaussian) {
        this.dimension = gaussian.dimension();
        if (references.length % dimension != 0 || references.length / dimension <= K) {
            throw new IllegalArgumentException("the reference codes must be more than " + K + " rows of "
                    + dimension + " values");
        }
        this.references = references;
        this.rows = references.length / dimension;
        this.mean = gaussian.mean();
        this.whitening = upperCholeskyFactor(gaussian.precision(), dimension);
        this.whitened = whiten(references, rows);
        this.squaredNorms = new float[rows];
        for (int r = 0; r < rows; r++) {
            squaredNorms[r] = dot(whitened, r * dimension, whitened, r * dimension, dimension);
        }
    }

    /** The reference set of the given training codes: all of them, or an evenly spread sample when too many. */
    public static float[] sample(float[] codes, int rows, int dimension) {
        if (rows <= MAX_REFERENCES) {
            return codes.clone();
        }
        float[] sampled = new float[MAX_REFERENCES * dimension];
        for (int i = 0; i < MAX_REFERENCES; i++) {
            int row = (int) ((long) i * rows / MAX_REFERENCES);
            System.arraycopy(codes, row * dimension, sampled, i * dimension, dimension);
        }
        return sampled;
    }

    /** The reference codes, row after row, as stored with the version. */
    public float[] references() {
        return references;
    }

    public int dimension() {
        return dimension;
    }

    /** The score of each code. */
    public float[] distances(float[] codes, int count) {
        float[] queries = whiten(codes, count);
        float[] scores = new float[count];
        for (int q = 0; q < count; q++) {
            scores[q] = nearest(queries, q, -1);
        }
        return scores;
    }

    /** The score of each reference code among the others, leaving itself out: the training distribution. */
    public float[] leaveOneOut() {
        float[] scores = new float[rows];
        for (int r = 0; r < rows; r++) {
            scores[r] = nearest(whitened, r, r);
        }
        return scores;
    }

    private float nearest(float[] queries, int q, int skip) {
        int offset = q * dimension;
        float queryNorm = dot(queries, offset, queries, offset, dimension);
        float[] best = new float[K];
        Arrays.fill(best, Float.MAX_VALUE);
        for (int r = 0; r < rows; r++) {
            if (r == skip) {
                continue;
            }
            float squared = queryNorm + squaredNorms[r] - 2 * dot(queries, offset, whitened, r * dimension, dimension);
            if (squared < best[K - 1]) {
                int i = K - 1;
                while (i > 0 && best[i - 1] > squared) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = squared;
            }
        }
        double sum = 0;
        for (float squared : best) {
            sum += Math.sqrt(Math.max(squared, 0));
        }
        return (float) (sum / K);
    }

    /** u = U (x - mean) with U^T U = precision, so that |u - v|^2 is the Mahalanobis distance of x and y. */
    private float[] whiten(float[] codes, int count) {
        float[] out = new float[count * dimension];
        float[] centred = new float[dimension];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < dimension; i++) {
                centred[i] = codes[r * dimension + i] - mean[i];
            }
            for (int i = 0; i < dimension; i++) {
                out[r * dimension + i] = dot(whitening, i * dimension, centred, 0, dimension);
            }
        }
        return out;
    }

    /** Four accumulators, so the loop is not held up by one chain of additions. */
    private static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** U with precision = U^T U (U = L^T of the Cholesky factor L L^T), row-major, zero below the diagonal. */
    static float[] upperCholeskyFactor(float[] precision, int n) {
        double[] l = LatentGaussian.cholesky(toDoubles(precision), n);
        float[] upper = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                upper[j * n + i] = (float) l[i * n + j];
            }
        }
        return upper;
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}
