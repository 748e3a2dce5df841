package io.aeserve.support;

import io.aeserve.data.DataMatrix;
import java.util.List;
import java.util.Random;

/** Small data sets with known structure, generated for tests. */
public final class SyntheticData {

    private SyntheticData() {}

    /**
     * Rows in [0, 1] lying near a {@code rank}-dimensional manifold: sigmoid(A z + small noise), z standard normal.
     * An autoencoder with a code of at least {@code rank} can reconstruct them far better than chance.
     */
    public static DataMatrix lowRank(int rows, int features, int rank, long seed) {
        Random random = new Random(seed);
        double[][] mixing = new double[features][rank];
        for (double[] row : mixing) {
            for (int k = 0; k < rank; k++) {
                row[k] = random.nextGaussian() * 1.5;
            }
        }
        float[] values = new float[rows * features];
        double[] z = new double[rank];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < rank; k++) {
                z[k] = random.nextGaussian();
            }
            for (int f = 0; f < features; f++) {
                double s = 0.02 * random.nextGaussian();
                for (int k = 0; k < rank; k++) {
                    s += mixing[f][k] * z[k];
                }
                values[r * features + f] = (float) (1 / (1 + Math.exp(-s)));
            }
        }
        return new DataMatrix(values, rows, List.of(features), null);
    }

    /** Images [1, size, size] of a bright square at a random place on a dark ground. */
    public static DataMatrix squares(int rows, int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * size * size];
        int side = size / 2;
        for (int r = 0; r < rows; r++) {
            int top = random.nextInt(size - side + 1);
            int left = random.nextInt(size - side + 1);
            for (int y = top; y < top + side; y++) {
                for (int x = left; x < left + side; x++) {
                    values[r * size * size + y * size + x] = 0.9f;
                }
            }
        }
        return new DataMatrix(values, rows, List.of(1, size, size), null);
    }

    /** The rows as CSV text with a header line. */
    public static String csv(DataMatrix data) {
        StringBuilder csv = new StringBuilder();
        int width = data.width();
        for (int f = 0; f < width; f++) {
            csv.append(f == 0 ? "" : ",").append("f").append(f);
        }
        csv.append('\n');
        for (int r = 0; r < data.rows(); r++) {
            for (int f = 0; f < width; f++) {
                csv.append(f == 0 ? "" : ",").append(data.values()[r * width + f]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** The rows as a JSON array of arrays. */
    public static String jsonRows(DataMatrix data, int rows) {
        StringBuilder json = new StringBuilder("[");
        int width = data.width();
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int f = 0; f < width; f++) {
                json.append(f == 0 ? "" : ",").append(data.values()[r * width + f]);
            }
            json.append(']');
        }
        return json.append(']').toString();
    }
}
