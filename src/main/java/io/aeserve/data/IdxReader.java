package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads IDX files (the MNIST format), gzipped or not: unsigned bytes are scaled to [0, 1], other types are taken
 * as they are. A 3-d file of N images of HxW gives N rows of shape [1, H, W].
 *
 * <p>The header announces how many values follow; that count is checked before anything is allocated: against
 * the bytes the file holds when it is plain, against {@link ReadLimits} always. A gzipped file's size says little
 * about what it inflates to, so its values are read in chunks and the array grows with what actually arrives.
 */
final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int SIGNED_BYTE = 0x09;
    private static final int SHORT = 0x0B;
    private static final int INT = 0x0C;
    private static final int FLOAT = 0x0D;
    private static final int DOUBLE = 0x0E;
    private static final Map<Integer, Integer> BYTES_PER_VALUE = Map.of(
            UNSIGNED_BYTE, 1, SIGNED_BYTE, 1, SHORT, 2, INT, 4, FLOAT, 4, DOUBLE, 8);
    private static final int CHUNK_VALUES = 1 << 16;

    private IdxReader() {}

    static DataMatrix readValues(InputStream raw, long size, ReadLimits limits, String field) throws IOException {
        try (Source source = open(raw, field)) {
            Header header = header(source.in(), field);
            int[] dims = header.dims();
            if (dims.length < 2) {
                throw new InvalidInputException(field, "an IDX data file needs at least 2 dimensions; labels go in 'labels'");
            }
            int count = checkedCount(header, source, size, limits, field);
            List<Integer> shape = new ArrayList<>();
            if (dims.length == 3) {
                shape.add(1);
            }
            for (int i = 1; i < dims.length; i++) {
                shape.add(dims[i]);
            }
            return new DataMatrix(readAll(source, header.type(), count, field), dims[0], shape, null);
        }
    }

    static int[] readLabels(InputStream raw, long size, ReadLimits limits, String field) throws IOException {
        try (Source source = open(raw, field)) {
            Header header = header(source.in(), field);
            if (header.dims().length != 1) {
                throw new InvalidInputException(field, "an IDX label file has 1 dimension, this one has "
                        + header.dims().length);
            }
            int count = checkedCount(header, source, size, limits, field);
            float[] values = readAll(source, header.type(), count, field);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = header.type() == UNSIGNED_BYTE ? Math.round(values[i] * 255f) : (int) values[i];
            }
            return labels;
        }
    }

    private record Source(DataInputStream in, boolean gzipped) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private record Header(int type, int[] dims) {

        long bytes() {
            return Integer.BYTES * (1L + dims.length);
        }
    }

    private static Source open(InputStream raw, String field) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new Source(new DataInputStream(new BufferedInputStream(GzipUploadStream.open(buffered, field), 1 << 16)),
                    true);
        }
        return new Source(new DataInputStream(buffered), false);
    }

    private static Header header(DataInputStream in, String field) throws IOException {
        try {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF;
            int count = magic & 0xFF;
            if ((magic >>> 16) != 0 || count == 0 || count > 8 || !BYTES_PER_VALUE.containsKey(type)) {
                throw new InvalidInputException(field, "is not an IDX file (magic number 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[count];
            for (int i = 0; i < count; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new InvalidInputException(field, "IDX dimension " + i + " is " + dims[i]);
                }
            }
            return new Header(type, dims);
        } catch (EOFException e) {
            throw new InvalidInputException(field, "is not an IDX file: it is shorter than its header");
        }
    }

    /** The number of values the header announces, once it is known to fit the file and the limits. */
    private static int checkedCount(Header header, Source source, long size, ReadLimits limits, String field)
            throws PayloadTooLargeException {
        long count = 1;
        long payloadBytes;
        try {
            for (int dim : header.dims()) {
                count = Math.multiplyExact(count, dim);
            }
            payloadBytes = Math.multiplyExact(count, BYTES_PER_VALUE.get(header.type()));
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field, "the IDX dimensions " + Arrays.toString(header.dims())
                    + " multiply beyond any file size");
        }
        if (!source.gzipped()) {
            long available = size - header.bytes();
            if (payloadBytes > available) {
                throw new InvalidInputException(field, "its header announces " + count + " values ("
                        + payloadBytes + " bytes) but only " + Math.max(0, available) + " bytes follow the header");
            }
        } else if (payloadBytes > limits.maxGunzippedBytes() - header.bytes()) {
            throw limits.tooManyGunzippedBytes(field, header.bytes() + payloadBytes);
        }
        if (count > limits.maxValues()) {
            throw limits.tooManyValues(field);
        }
        return (int) count;
    }

    private static float[] readAll(Source source, int type, int count, String field) throws IOException {
        int bytesPerValue = BYTES_PER_VALUE.get(type);
        // a plain file was measured, so its array is allocated once; a gzipped one grows only as data arrives
        float[] values = new float[source.gzipped() ? Math.min(count, CHUNK_VALUES) : count];
        byte[] chunk = new byte[Math.min(count, CHUNK_VALUES) * bytesPerValue];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        for (int read = 0; read < count; ) {
            int n = Math.min(count - read, CHUNK_VALUES);
            try {
                source.in().readFully(chunk, 0, n * bytesPerValue);
            } catch (EOFException e) {
                throw new InvalidInputException(field, "ends before the " + count + " values its header announces");
            }
            if (read + n > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, Math.max(2L * values.length, read + n)));
            }
            decode(buffer, type, n, values, read, field);
            read += n;
        }
        return values;
    }

    /** IDX is big-endian, as is a ByteBuffer unless told otherwise. */
    private static void decode(ByteBuffer buffer, int type, int n, float[] values, int offset, String field) {
        for (int i = 0; i < n; i++) {
            float value = switch (type) {
                case UNSIGNED_BYTE -> (buffer.get(i) & 0xFF) / 255f;
                case SIGNED_BYTE -> buffer.get(i);
                case SHORT -> buffer.getShort(i * 2);
                case INT -> buffer.getInt(i * 4);
                case FLOAT -> buffer.getFloat(i * 4);
                default -> (float) buffer.getDouble(i * 8);
            };
            if (!Float.isFinite(value)) {
                throw new InvalidInputException(field, "value " + (offset + i) + " is NaN or beyond the float32 range");
            }
            values[offset + i] = value;
        }
    }
}
