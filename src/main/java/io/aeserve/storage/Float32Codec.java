package io.aeserve.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Little-endian float32, the layout of every float array the service stores, exports or exchanges: stored score
 * arrays, dataset values, raw request and response bodies, and the data of .npy files. Whole arrays convert to and
 * from bytes; large ones stream through a channel a chunk at a time, so they never need a second copy in memory.
 * Dataset labels are int32 in the same layout and stream through the same chunks.
 */
public final class Float32Codec {

    /** The numbers converted per chunk when streaming: a 256 KiB buffer. */
    static final int CHUNK_VALUES = 1 << 16;

    private Float32Codec() {}

    public static byte[] encode(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES));
        encode(values, buffer);
        return buffer.array();
    }

    /** Puts the values at the buffer's position, whatever its byte order, and moves the position past them. */
    public static void encode(float[] values, ByteBuffer target) {
        ByteBuffer view = target.slice().order(ByteOrder.LITTLE_ENDIAN);
        view.asFloatBuffer().put(values);
        target.position(target.position() + values.length * Float.BYTES);
    }

    /** The values of bytes whose length is a whole number of float32s. */
    public static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes are not a whole number of float32 values");
        }
        return decode(bytes, 0, bytes.length / Float.BYTES);
    }

    /** {@code count} values from the bytes starting at {@code offset}. */
    public static float[] decode(byte[] bytes, int offset, int count) {
        float[] values = new float[count];
        ByteBuffer.wrap(bytes, offset, Math.multiplyExact(count, Float.BYTES)).slice().order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(values);
        return values;
    }

    /** Writes the values to the channel chunk by chunk. */
    public static void write(float[] values, WritableByteChannel channel) throws IOException {
        write(values.length, (buffer, from, n) -> buffer.asFloatBuffer().put(values, from, n), channel);
    }

    /** Fills {@code values} from the channel chunk by chunk; {@link EOFException} when the channel ends first. */
    public static void read(ReadableByteChannel channel, float[] values) throws IOException {
        read(channel, values.length, (buffer, from, n) -> buffer.asFloatBuffer().get(values, from, n));
    }

    /** Writes int32 values to the channel chunk by chunk. */
    public static void writeInt32(int[] values, WritableByteChannel channel) throws IOException {
        write(values.length, (buffer, from, n) -> buffer.asIntBuffer().put(values, from, n), channel);
    }

    /** Fills int32 {@code values} from the channel chunk by chunk; {@link EOFException} when it ends first. */
    public static void readInt32(ReadableByteChannel channel, int[] values) throws IOException {
        read(channel, values.length, (buffer, from, n) -> buffer.asIntBuffer().get(values, from, n));
    }

    /** Copies {@code n} 4-byte numbers from index {@code from} between an array and a little-endian buffer. */
    private interface ChunkCopy {
        void copy(ByteBuffer buffer, int from, int n);
    }

    private static void write(int count, ChunkCopy copy, WritableByteChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(count, CHUNK_VALUES) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < count; from += CHUNK_VALUES) {
            int n = Math.min(CHUNK_VALUES, count - from);
            buffer.clear();
            copy.copy(buffer, from, n);
            buffer.limit(n * 4);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static void read(ReadableByteChannel channel, int count, ChunkCopy copy) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(count, CHUNK_VALUES) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < count; from += CHUNK_VALUES) {
            int n = Math.min(CHUNK_VALUES, count - from);
            buffer.clear().limit(n * 4);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("the data ended after " + (from * 4L + buffer.position()) + " of "
                            + count * 4L + " bytes");
                }
            }
            copy.copy(buffer.flip(), from, n);
        }
    }
}
