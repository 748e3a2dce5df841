package io.aeserve.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * One way a hostile or broken client damages a valid body: cut short, a bit flipped, a huge little-endian number
 * where a length or a dimension may be, a byte replaced, or zeros appended. Drawn from a seeded generator, so a
 * failing input replays exactly.
 */
public record ByteMutation(int kind, int position, int value) {

    public static ByteMutation next(Random random) {
        return new ByteMutation(random.nextInt(5), random.nextInt(), random.nextInt());
    }

    public byte[] apply(byte[] valid) {
        if (valid.length == 0) {
            return valid;
        }
        int at = Math.floorMod(position, valid.length);
        byte[] bytes = valid.clone();
        switch (kind) {
            case 0 -> bytes = Arrays.copyOf(valid, at);
            case 1 -> bytes[at] ^= (byte) (1 << Math.floorMod(value, 8));
            case 2 -> {
                if (at + 4 <= bytes.length) {
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value | 0x40000000);
                }
            }
            case 3 -> bytes[at] = (byte) value;
            default -> bytes = Arrays.copyOf(valid, valid.length + 1 + Math.floorMod(value, 64));
        }
        return bytes;
    }
}
