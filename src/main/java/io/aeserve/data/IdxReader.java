package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), gzipped or not: unsigned bytes are scaled to [0, 1], other types are taken
 * as they are. A 3-d file of N images of HxW gives N rows of shape [1, H, W].
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int SIGNED_BYTE = 0x09;
    private static final int SHORT = 0x0B;
    private static final int INT = 0x0C;
    private static final int FLOAT = 0x0D;
    private static final int DOUBLE = 0x0E;

    private IdxReader() {}

    public static DataMatrix readValues(InputStream raw, String field) throws IOException {
        try (DataInputStream in = open(raw)) {
            Header header = header(in, field);
            int[] dims = header.dims();
            if (dims.length < 2) {
                throw new InvalidInputException(field, "an IDX data file needs at least 2 dimensions; labels go in 'labels'");
            }
            int rows = dims[0];
            List<Integer> shape = new ArrayList<>();
            if (dims.length == 3) {
                shape.add(1);
            }
            long width = 1;
            for (int i = 1; i < dims.length; i++) {
                shape.add(dims[i]);
                width *= dims[i];
            }
            checkSize((long) rows * width, field);
            float[] values = readAll(in, header.type(), (int) (rows * width), field);
            return new DataMatrix(values, rows, shape, null);
        }
    }

    public static int[] readLabels(InputStream raw, String field) throws IOException {
        try (DataInputStream in = open(raw)) {
            Header header = header(in, field);
            int[] dims = header.dims();
            if (dims.length != 1) {
                throw new InvalidInputException(field, "an IDX label file has 1 dimension, this one has " + dims.length);
            }
            checkSize(dims[0], field);
            float[] values = readAll(in, header.type(), dims[0], field);
            int[] labels = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                labels[i] = header.type() == UNSIGNED_BYTE ? Math.round(values[i] * 255f) : (int) values[i];
            }
            return labels;
        }
    }

    private record Header(int type, int[] dims) {}

    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream in = b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
                : buffered;
        return new DataInputStream(in);
    }

    private static Header header(DataInputStream in, String field) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (IOException e) {
            throw new InvalidInputException(field, "is not an IDX file: it is shorter than the header");
        }
        int type = (magic >>> 8) & 0xFF;
        int count = magic & 0xFF;
        if ((magic >>> 16) != 0 || count == 0 || count > 8
                || !List.of(UNSIGNED_BYTE, SIGNED_BYTE, SHORT, INT, FLOAT, DOUBLE).contains(type)) {
            throw new InvalidInputException(field, "is not an IDX file (magic number 0x" + Integer.toHexString(magic) + ")");
        }
        int[] dims = new int[count];
        for (int i = 0; i < count; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) {
                throw new InvalidInputException(field, "IDX dimension " + i + " is " + dims[i]);
            }
        }
        return new Header(type, dims);
    }

    private static void checkSize(long values, String field) {
        if (values > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException(field, "holds " + values + " values, more than one dataset can");
        }
    }

    private static float[] readAll(DataInputStream in, int type, int count, String field) throws IOException {
        float[] values = new float[count];
        try {
            switch (type) {
                case UNSIGNED_BYTE -> {
                    byte[] bytes = new byte[count];
                    in.readFully(bytes);
                    for (int i = 0; i < count; i++) {
                        values[i] = (bytes[i] & 0xFF) / 255f;
                    }
                }
                case SIGNED_BYTE -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = in.readByte();
                    }
                }
                case SHORT -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = in.readShort();
                    }
                }
                case INT -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = in.readInt();
                    }
                }
                case FLOAT -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = in.readFloat();
                    }
                }
                default -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = (float) in.readDouble();
                    }
                }
            }
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(field, "ends before the " + count + " values its header announces");
        }
        return values;
    }
}
