package io.aeserve.views;

import io.aeserve.data.DataMatrix;
import io.aeserve.error.InvalidInputException;

/** Which rows of a dataset a view looks at, checked against the limits of that view. */
final class ViewRows {

    private ViewRows() {}

    /** {@code count} consecutive rows from {@code from}. */
    static DataMatrix consecutive(DataMatrix data, int from, int count) {
        if (from < 0 || from >= data.rows()) {
            throw new InvalidInputException("from", "must be a row of the dataset, 0 to " + (data.rows() - 1));
        }
        int[] indices = new int[Math.min(count, data.rows() - from)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return data.select(indices);
    }

    /** Up to {@code count} rows spread evenly over the dataset, and their row numbers. */
    static Sample spread(DataMatrix data, int count) {
        int[] indices = new int[Math.min(count, data.rows())];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (int) ((long) i * data.rows() / indices.length);
        }
        return new Sample(data.select(indices), indices);
    }

    record Sample(DataMatrix data, int[] indices) {}

    static void check(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, "must be between " + min + " and " + max + "; not " + value);
        }
    }
}
