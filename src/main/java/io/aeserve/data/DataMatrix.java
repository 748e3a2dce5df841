package io.aeserve.data;

import java.util.List;

/**
 * Rows of float32 values held in one array, row-major, with the shape of one row ({@code [features]} or
 * {@code [channels, height, width]}) and optional integer labels.
 */
public record DataMatrix(float[] values, int rows, List<Integer> rowShape, int[] labels) {

    public DataMatrix {
        int width = rowShape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
        if ((long) rows * width != values.length) {
            throw new IllegalArgumentException(
                    "values hold " + values.length + " floats, not " + rows + " rows of " + width);
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
        }
        rowShape = List.copyOf(rowShape);
    }

    public int width() {
        return rowShape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }

    /** Bytes the values and labels take, in memory or on disk: 4 each. */
    public long bytes() {
        return ((long) values.length + (labels != null ? labels.length : 0)) * Float.BYTES;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The rows at the given indices, in that order. */
    public DataMatrix select(int[] indices) {
        int width = width();
        float[] selected = new float[indices.length * width];
        int[] selectedLabels = labels != null ? new int[indices.length] : null;
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * width, selected, i * width, width);
            if (selectedLabels != null) {
                selectedLabels[i] = labels[indices[i]];
            }
        }
        return new DataMatrix(selected, indices.length, rowShape, selectedLabels);
    }

    /** The same values seen with another row shape of the same size (flat rows as images, say). */
    public DataMatrix reshape(List<Integer> shape) {
        return new DataMatrix(values, rows, shape, labels);
    }
}
