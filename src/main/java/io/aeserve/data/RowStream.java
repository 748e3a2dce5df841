package io.aeserve.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A dataset's rows read front to back in chunks, for work over datasets of any size: only the chunk asked for is
 * in memory. Rows come from a matrix already held (the built-in dataset, a cached upload) or straight from the
 * stored files. Close it when done.
 */
public final class RowStream implements AutoCloseable {

    private final int rows;
    private final List<Integer> rowShape;
    private final int width;
    private final DataMatrix held;
    private final DataInputStream values;
    private final DataInputStream labels;
    private final boolean hasLabels;
    private byte[] buffer = new byte[0];
    private int position;

    private RowStream(int rows, List<Integer> rowShape, DataMatrix held, InputStream values, InputStream labels,
            boolean hasLabels) {
        this.rows = rows;
        this.rowShape = List.copyOf(rowShape);
        this.width = rowShape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
        this.held = held;
        this.values = values != null ? new DataInputStream(values) : null;
        this.labels = labels != null ? new DataInputStream(labels) : null;
        this.hasLabels = hasLabels;
    }

    static RowStream of(DataMatrix data) {
        return new RowStream(data.rows(), data.rowShape(), data, null, null, data.hasLabels());
    }

    /** Rows from stored files of little-endian float32 values and, when not null, int32 labels. */
    static RowStream of(int rows, List<Integer> rowShape, InputStream values, InputStream labels) {
        return new RowStream(rows, rowShape, null, values, labels, labels != null);
    }

    public int rows() {
        return rows;
    }

    public List<Integer> rowShape() {
        return rowShape;
    }

    public int width() {
        return width;
    }

    public boolean hasLabels() {
        return hasLabels;
    }

    /** Rows not read yet. */
    public int remaining() {
        return rows - position;
    }

    /**
     * Reads the next rows, at most {@code values.length / width()}, into {@code values} and, when it is not null,
     * their labels into {@code labelsOut}; returns how many were read, 0 at the end.
     */
    public int read(float[] values, int[] labelsOut) {
        int count = Math.min(remaining(), values.length / width);
        if (count == 0) {
            return 0;
        }
        if (held != null) {
            System.arraycopy(held.values(), position * width, values, 0, count * width);
            if (labelsOut != null && hasLabels) {
                System.arraycopy(held.labels(), position, labelsOut, 0, count);
            }
        } else {
            try {
                ByteBuffer bytes = fill(this.values, count * width);
                bytes.asFloatBuffer().get(values, 0, count * width);
                if (labels != null) {
                    ByteBuffer read = fill(labels, count);
                    if (labelsOut != null) {
                        read.asIntBuffer().get(labelsOut, 0, count);
                    }
                }
            } catch (EOFException e) {
                throw new UncheckedIOException("the dataset's files end before its " + rows + " rows", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dataset's rows", e);
            }
        }
        position += count;
        return count;
    }

    private ByteBuffer fill(DataInputStream in, int numbers) throws IOException {
        if (buffer.length < numbers * 4) {
            buffer = new byte[numbers * 4];
        }
        in.readFully(buffer, 0, numbers * 4);
        return ByteBuffer.wrap(buffer, 0, numbers * 4).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        try {
            if (values != null) {
                values.close();
            }
            if (labels != null) {
                labels.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
