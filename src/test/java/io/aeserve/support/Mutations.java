package io.aeserve.support;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fuzz inputs for decoders: random bytes, and valid inputs mutated the ways hostile or broken clients mutate them
 * (bit flips, cuts, bytes inserted, 32-bit fields overwritten with huge or negative values). Seeded, so a failure
 * names the seed and replays exactly.
 */
public final class Mutations {

    private static final int[] HOSTILE_INTS = {
        0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7735_9400, 65_536, 0x0100_0000, 0xFFFF
    };

    private final Random random;

    public Mutations(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} inputs: a few random byte strings, the rest mutations of the given valid inputs. */
    public List<byte[]> of(int count, byte[]... valid) {
        List<byte[]> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (valid.length == 0 || i % 8 == 0) {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                inputs.add(bytes);
            } else {
                inputs.add(mutate(valid[random.nextInt(valid.length)]));
            }
        }
        return inputs;
    }

    /** One to three mutations of {@code valid}. */
    public byte[] mutate(byte[] valid) {
        byte[] bytes = valid.clone();
        int rounds = 1 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            bytes = switch (random.nextInt(5)) {
                case 0 -> flipBit(bytes);
                case 1 -> Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
                case 2 -> insert(bytes);
                case 3 -> overwriteInt(bytes);
                default -> replaceByte(bytes);
            };
        }
        return bytes;
    }

    private byte[] flipBit(byte[] bytes) {
        if (bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private byte[] insert(byte[] bytes) {
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        int at = random.nextInt(bytes.length + 1);
        byte[] result = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(extra, 0, result, at, extra.length);
        System.arraycopy(bytes, at, result, at + extra.length, bytes.length - at);
        return result;
    }

    private byte[] overwriteInt(byte[] bytes) {
        if (bytes.length >= 4) {
            int at = random.nextInt(bytes.length - 3);
            // header fields sit early: favour the first 32 bytes
            if (random.nextBoolean()) {
                at = Math.min(at, random.nextInt(Math.min(32, bytes.length - 3)));
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (random.nextBoolean()) {
                buffer.order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            buffer.putInt(at, HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)]);
        }
        return bytes;
    }

    private byte[] replaceByte(byte[] bytes) {
        if (bytes.length > 0) {
            byte[] interesting = {0, (byte) 0xFF, '9', '-', ',', '\n', '"', '[', ']', '{', 'e', '.'};
            bytes[random.nextInt(bytes.length)] = interesting[random.nextInt(interesting.length)];
        }
        return bytes;
    }
}
