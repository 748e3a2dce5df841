package io.aeserve.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Float32CodecTest {

    private static final int CHUNK = Float32Codec.CHUNK_VALUES;

    @Test
    void aKnownArrayHasItsExactLittleEndianBytes() {
        byte[] bytes = Float32Codec.encode(new float[] {1f, -2f, 0.5f});
        assertThat(bytes).containsExactly(
                0x00, 0x00, 0x80, 0x3F,
                0x00, 0x00, 0x00, 0xC0,
                0x00, 0x00, 0x00, 0x3F);
        assertThat(Float32Codec.decode(bytes)).containsExactly(1f, -2f, 0.5f);
    }

    @Test
    void specialValuesKeepTheirBits() {
        float[] values = {Float.NaN, Float.intBitsToFloat(0x7FC12345), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, Float.MAX_VALUE};
        byte[] bytes = Float32Codec.encode(values);
        assertThat(Arrays.copyOfRange(bytes, 16, 20)).containsExactly(0x00, 0x00, 0x00, 0x80);
        assertThat(rawBits(Float32Codec.decode(bytes))).containsExactly(rawBits(values));
        assertThat(rawBits(roundTripThroughChannel(values, Integer.MAX_VALUE))).containsExactly(rawBits(values));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3})
    void streamingWritesTheBytesOfAWholeArrayAndReadsThemBackAcrossChunks(int length) throws IOException {
        float[] values = random(length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Float32Codec.write(values, Channels.newChannel(out));
        assertThat(out.toByteArray()).isEqualTo(Float32Codec.encode(values));
        // a channel that hands out a few bytes at a time, splitting numbers between reads
        assertThat(roundTripThroughChannel(values, 7)).containsExactly(values);
    }

    @Test
    void streamingHoldsAtMostOneChunkInMemory() throws IOException {
        float[] values = random(3 * CHUNK + 5);
        int[] largest = {0};
        WritableByteChannel counting = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) {
                largest[0] = Math.max(largest[0], source.capacity());
                int n = source.remaining();
                source.position(source.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        Float32Codec.write(values, counting);
        assertThat(largest[0]).isEqualTo(CHUNK * Float.BYTES);
    }

    @Test
    void int32ValuesStreamInTheSameLayout() throws IOException {
        int[] values = {1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Float32Codec.writeInt32(values, Channels.newChannel(out));
        assertThat(Arrays.copyOfRange(out.toByteArray(), 0, 8)).containsExactly(1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF);
        int[] read = new int[values.length];
        Float32Codec.readInt32(Channels.newChannel(new ByteArrayInputStream(out.toByteArray())), read);
        assertThat(read).containsExactly(values);
    }

    @Test
    void readingPastTheEndOfTheDataFails() {
        byte[] bytes = Float32Codec.encode(new float[] {1f, 2f});
        float[] values = new float[3];
        assertThatThrownBy(() -> Float32Codec.read(Channels.newChannel(new ByteArrayInputStream(bytes)), values))
                .isInstanceOf(EOFException.class).hasMessageContaining("8 of 12 bytes");
    }

    @Test
    void bytesThatAreNotWholeNumbersAreRefused() {
        assertThatThrownBy(() -> Float32Codec.decode(new byte[6])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreEncodedAtABuffersPositionWhichMovesPastThem() {
        ByteBuffer buffer = ByteBuffer.allocate(10);
        buffer.put((byte) 9).put((byte) 9);
        Float32Codec.encode(new float[] {1f, -0f}, buffer);
        assertThat(buffer.position()).isEqualTo(10);
        assertThat(buffer.array()).containsExactly(9, 9, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x80);
        assertThat(Float32Codec.decode(buffer.array(), 2, 2)).containsExactly(1f, -0f);
    }

    private static float[] roundTripThroughChannel(float[] values, int bytesPerRead) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Float32Codec.write(values, Channels.newChannel(out));
            ReadableByteChannel in = trickle(out.toByteArray(), bytesPerRead);
            float[] read = new float[values.length];
            Float32Codec.read(in, read);
            return read;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ReadableByteChannel trickle(byte[] bytes, int bytesPerRead) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer target) {
                if (!source.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(Math.min(bytesPerRead, target.remaining()), source.remaining());
                target.put(source.slice().limit(n));
                source.position(source.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
    }

    private static float[] random(int length) {
        Random random = new Random(length);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
