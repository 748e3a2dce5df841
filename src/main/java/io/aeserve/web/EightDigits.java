package io.aeserve.web;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight decimal digits held in one long, one byte each, the first digit in the lowest byte: the order a
 * little-endian load reads them from text and a little-endian store writes them. The JSON number writer and reader
 * turn values into digits and digits into values this way, eight at a time instead of one.
 */
public final class EightDigits {

    /** The ASCII '0' in every byte: added to digit values it gives their text, taken from the text their values. */
    public static final long ASCII_ZEROS = 0x3030_3030_3030_3030L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_HALVES = 0xf0f0_f0f0_f0f0_f0f0L;

    private EightDigits() {}

    /** The eight bytes at {@code at}, the first in the lowest byte. */
    public static long load(byte[] bytes, int at) {
        return (long) LONGS.get(bytes, at);
    }

    /** Stores the eight bytes at {@code at}, the lowest byte first. */
    public static void store(byte[] bytes, int at, long eight) {
        LONGS.set(bytes, at, eight);
    }

    /**
     * The eight digit values of a number below 10^8, the most significant in the lowest byte: halves of four digits,
     * then pairs, then single digits, each split done for all parts at once with one multiplication by a reciprocal
     * that is exact in that range.
     */
    public static long of(int value) {
        long fours = value / 10_000 | (long) (value % 10_000) << 32;
        long twos = (fours * 10_486 >>> 20) & 0x0000_007f_0000_007fL;
        twos |= (fours - twos * 100) << 16;
        long ones = (twos * 103 >>> 10) & 0x000f_000f_000f_000fL;
        return ones | (twos - ones * 10) << 8;
    }

    /**
     * The number the eight digit values write, the first in the lowest byte: pairs, then fours, then all eight are
     * combined with a multiplication each.
     */
    public static int value(long digits) {
        long pairs = digits * 10 + (digits >>> 8);
        return (int) (((pairs & 0x0000_00ff_0000_00ffL) * (100 + (1_000_000L << 32))
                + (pairs >>> 16 & 0x0000_00ff_0000_00ffL) * (1 + (10_000L << 32))) >>> 32);
    }

    /**
     * How many of the eight text bytes, from the lowest, are ASCII digits before the first that is not: a digit's
     * high half is 3, and stays 3 when 6 is added. A carry out of a byte only changes the bytes after it, which a
     * non-digit ends anyway.
     */
    public static int leadingDigits(long text) {
        long nonDigits = ((text & HIGH_HALVES) ^ ASCII_ZEROS)
                | (((text + 0x0606_0606_0606_0606L) & HIGH_HALVES) ^ ASCII_ZEROS);
        return Long.numberOfTrailingZeros(nonDigits) >>> 3;
    }
}
