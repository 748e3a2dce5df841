package io.aeserve.web;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.NumberOutput;

/**
 * Writes a float as the shortest decimal that reads back to it, in the text {@code Float.toString} gives from Java 19
 * on and Jackson's fast writer gives on any Java ({@code 0.25}, {@code 1.0}, {@code 1.0E-5}, {@code 3.4028235E38}),
 * as ASCII bytes straight into the caller's array, without a string per number.
 *
 * <p>The digits come from Raffaello Giulietti's Schubfach method ("The Schubfach way to render doubles", 2020), the
 * one behind both of those writers, in its form for floats: the float's value and the two ends of its rounding
 * interval, the decimals that read back to it, are scaled by a power of ten with one 64-bit multiplication each
 * (by the power's leading 63 bits, kept in a table), to about nine decimal digits with two bits of fraction; the
 * scaled interval then holds either a multiple of ten, which gives the shorter decimal, or one or both of the
 * integers around the value, of which the nearer one wins (the even one on a tie). Subnormals go to Jackson's
 * writer: the text is the same either way, this is only faster.
 */
final class ShortestFloat {

    /** The longest text a float can take is 15 bytes: a sign, nine digits, a point and an exponent of E-dd. */
    static final int MAX_LENGTH = 15;
    /** The bytes from where a float is written that the writer may change; those past its text hold leftovers. */
    static final int ROOM = 17;

    private static final int SIGNIFICAND_BITS = 23;
    private static final int EXPONENT_BIAS = 127;
    /** The exponent of the least significant bit of the smallest normal float's significand. */
    private static final int LOWEST_EXPONENT = 1 - EXPONENT_BIAS - SIGNIFICAND_BITS;
    private static final int HIDDEN_BIT = 1 << SIGNIFICAND_BITS;
    /** The powers of ten the scaling needs for floats, 10^-k for k from this up to {@link #HIGHEST_K}. */
    private static final int LOWEST_K = floorLog10Pow2(LOWEST_EXPONENT);
    private static final int HIGHEST_K = floorLog10Pow2(0xfe - EXPONENT_BIAS - SIGNIFICAND_BITS);
    /** For each k, the leading 63 bits of 10^-k scaled into [2^125, 2^126), plus one. */
    private static final long[] SCALES = new long[HIGHEST_K - LOWEST_K + 1];
    private static final long LOW_32_BITS = 0xffffffffL;
    private static final int HUNDRED_MILLION = 100_000_000;
    private static final int PLAIN_UP_TO_EXPONENT = 7;
    private static final int PLAIN_FROM_EXPONENT = -2;
    /** Where {@link #decimal} keeps the power of ten and the sign, and what it answers when it has no decimal. */
    private static final int POWER_AT = 32;
    private static final int SIGN_AT = 48;
    private static final long NO_DECIMAL = -1;
    /** How many values {@link #writeAll} takes the decimals of before writing them. */
    private static final int RUN = 64;

    static {
        for (int k = LOWEST_K; k <= HIGHEST_K; k++) {
            // 10^-k = beta 2^r with 2^125 <= beta < 2^126; the table keeps floor((floor(beta) + 1) / 2^63) + 1
            int shift = 125 - floorLog2Pow10(-k);
            BigInteger numerator = BigInteger.TEN.pow(Math.max(0, -k)).shiftLeft(Math.max(0, shift));
            BigInteger denominator = BigInteger.TEN.pow(Math.max(0, k)).shiftLeft(Math.max(0, -shift));
            BigInteger roundedUp = numerator.divide(denominator).add(BigInteger.ONE);
            SCALES[k - LOWEST_K] = roundedUp.shiftRight(63).longValueExact() + 1;
        }
    }

    private ShortestFloat() {}

    /**
     * Writes finite floats separated by commas at {@code at}, which needs {@link #ROOM} bytes of room past the text,
     * and answers where the text ends. The decimals of a run of values are found first and written after, so that
     * the processor works on several values at once instead of waiting for each one's length before the next.
     */
    static int writeAll(float[] values, byte[] out, int at) {
        long[] decimals = new long[Math.min(RUN, values.length)];
        for (int run = 0; run < values.length; run += RUN) {
            int end = Math.min(values.length, run + RUN);
            for (int i = run; i < end; i++) {
                decimals[i - run] = decimal(values[i]);
            }
            for (int i = run; i < end; i++) {
                if (i > 0) {
                    out[at++] = ',';
                }
                long decimal = decimals[i - run];
                at = decimal == NO_DECIMAL ? writeOther(values[i], out, at) : writeDecimal(decimal, out, at);
            }
        }
        return at;
    }

    /** Zeros, and the values for Jackson's writer. */
    private static int writeOther(float value, byte[] out, int start) {
        int at = start;
        if (Float.floatToRawIntBits(value) == Float.floatToRawIntBits(-0f)) {
            out[at++] = '-';
        }
        if (value == 0) {
            out[at++] = '0';
            out[at++] = '.';
            out[at++] = '0';
            return at;
        }
        byte[] text = NumberOutput.toString(value, true).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, at, text.length);
        return at + text.length;
    }

    /** Writes the sign and the digits of a decimal from {@link #decimal}. */
    private static int writeDecimal(long decimal, byte[] out, int at) {
        out[at] = '-';
        int power = (int) (decimal >>> POWER_AT & 0xffff) + LOWEST_K;
        return finish((int) decimal, power, out, at + (int) (decimal >>> SIGN_AT));
    }

    /**
     * The shortest decimal of a float that reads back to it, as its digits (below 10^9) in the low 32 bits, their
     * power of ten from {@link #LOWEST_K} at {@link #POWER_AT} and the sign at {@link #SIGN_AT}; {@link #NO_DECIMAL}
     * for zeros and the values for Jackson's writer. Which decimal to take is worked out without branches, since the
     * processor could not guess it from one value to the next.
     */
    private static long decimal(float value) {
        int bits = Float.floatToRawIntBits(value);
        long sign = (long) (bits >>> 31) << SIGN_AT;
        int biased = (bits & 0x7fffffff) >>> SIGNIFICAND_BITS;
        if (biased == 0 || biased == 0xff) {
            return NO_DECIMAL;
        }
        // the value is significand 2^exponent
        int significand = HIDDEN_BIT | (bits & (HIDDEN_BIT - 1));
        int exponent = biased - EXPONENT_BIAS - SIGNIFICAND_BITS;
        int fractionBits = -exponent;
        if (fractionBits > 0 && fractionBits <= SIGNIFICAND_BITS
                && (significand >> fractionBits) << fractionBits == significand) {
            return (significand >> fractionBits) | (long) -LOWEST_K << POWER_AT | sign;
        }
        // the value and the ends of its rounding interval, times 4; the interval is narrower below a power of two
        long center = (long) significand << 2;
        long high = center + 2;
        long low;
        int k;
        if (significand != HIDDEN_BIT || biased == 1) {
            low = center - 2;
            k = floorLog10Pow2(exponent);
        } else {
            low = center - 1;
            k = floorLog10ThreeQuartersPow2(exponent);
        }
        int shift = exponent + floorLog2Pow10(-k) + 33;
        long scale = SCALES[k - LOWEST_K];
        int scaledCenter = roundToOdd(scale, center << shift);
        // an odd significand's interval leaves out its ends: d is inside when lowest <= 4d <= highest
        int open = significand & 1;
        int lowest = roundToOdd(scale, low << shift) + open;
        int highest = roundToOdd(scale, high << shift) - open;
        int below = scaledCenter >> 2;
        int above = below + 1;
        // a multiple of ten inside the interval needs a digit less: taken when only one of those around is inside
        int tenBelow = 10 * (int) (below * 1_717_986_919L >>> 34);
        int tenBelowInside = atMost(lowest, tenBelow << 2);
        int tenAboveInside = atMost(tenBelow + 10 << 2, highest);
        int useTen = (tenBelowInside ^ tenAboveInside) & atMost(100, below);
        int ten = tenBelow + 10 * (tenBelowInside ^ 1);
        // otherwise the one of below and above that is inside, or when both are, the nearer (the even one on a tie)
        int belowInside = atMost(lowest, below << 2);
        int aboveInside = atMost(above << 2, highest);
        int fromMiddle = scaledCenter - (below + above << 1);
        int nearerIsAbove = -fromMiddle >>> 31 | isZero(fromMiddle) & below;
        int oneInside = belowInside ^ aboveInside;
        int digits = below + (oneInside & aboveInside | (oneInside ^ 1) & nearerIsAbove);
        digits += (ten - digits) & -useTen;
        return digits | (long) (k - LOWEST_K) << POWER_AT | sign;
    }

    /** 1 when a <= b, otherwise 0, for a and b that are not negative. */
    private static int atMost(int a, int b) {
        return (b - a) >>> 31 ^ 1;
    }

    /** 1 when x is 0, otherwise 0. */
    private static int isZero(int x) {
        return (x | -x) >>> 31 ^ 1;
    }

    /** The product of the scale and the shifted value over 2^95, rounded to odd: its last bit tells it was inexact. */
    private static int roundToOdd(long scale, long shifted) {
        long product = Math.multiplyHigh(scale, shifted);
        return (int) (product >>> 31 | (product & LOW_32_BITS) + LOW_32_BITS >>> 32);
    }

    /**
     * Writes {@code digits} 10^{@code power}, where {@code digits} is below 10^9, without the digits' trailing
     * zeros: the digits after the first become one byte each in a long ({@link EightDigits}), whose zero bytes at the
     * top are the trailing zeros, and are stored eight at a time.
     */
    private static int finish(int digits, int power, byte[] out, int at) {
        int first = digits / HUNDRED_MILLION;
        long rest = EightDigits.of(digits - first * HUNDRED_MILLION);
        int restLength = 8;
        if (first == 0) {
            int leadingZeros = Long.numberOfTrailingZeros(rest) >>> 3;
            rest >>>= 8 * leadingZeros;
            first = (int) rest & 0xff;
            rest >>>= 8;
            restLength = 7 - leadingZeros;
        }
        int exponent = power + 1 + restLength;
        int trailingZeros = (Long.numberOfLeadingZeros(rest) >>> 3) - (8 - restLength);
        return format(first, rest | EightDigits.ASCII_ZEROS, restLength - trailingZeros, exponent, out, at);
    }

    /** floor(e log10 2). */
    private static int floorLog10Pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 2^e)). */
    private static int floorLog10ThreeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e log2 10). */
    private static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /**
     * Writes 0.d x 10^{@code exponent} as {@code Float.toString} does, where d is the digit {@code first} followed by
     * the {@code restLength} digits of {@code rest} (ASCII, first digit in the lowest byte, zeros above): plain from
     * 10^-3 up to 10^7, otherwise one digit, a point and the rest, then E and the power of ten. The stores of eight
     * bytes may leave digits past the text, within {@link #ROOM} bytes of the start.
     */
    private static int format(int first, long rest, int restLength, int exponent, byte[] out, int start) {
        int at = start;
        if (exponent > 0 && exponent <= PLAIN_UP_TO_EXPONENT) {
            out[at] = (byte) ('0' + first);
            EightDigits.store(out, at + 1, rest);
            if (restLength < exponent) {
                // the zeros above the digits fill the integer part
                at += exponent;
                out[at++] = '.';
                out[at++] = '0';
            } else {
                EightDigits.store(out, at + exponent + 1, rest >>> 8 * (exponent - 1));
                out[at + exponent] = '.';
                at += restLength + 2;
            }
        } else if (exponent >= PLAIN_FROM_EXPONENT && exponent <= 0) {
            out[at++] = '0';
            out[at++] = '.';
            out[at] = '0';
            out[at + 1] = '0';
            at -= exponent;
            out[at++] = (byte) ('0' + first);
            EightDigits.store(out, at, rest);
            at += restLength;
        } else {
            out[at++] = (byte) ('0' + first);
            out[at++] = '.';
            EightDigits.store(out, at, rest);
            // with no digits after the first, the zero above them stays: "1.0E10"
            at += Math.max(restLength, 1);
            out[at++] = 'E';
            int power = exponent - 1;
            if (power < 0) {
                out[at++] = '-';
                power = -power;
            }
            if (power >= 10) {
                out[at++] = (byte) ('0' + power / 10);
            }
            out[at++] = (byte) ('0' + power % 10);
        }
        return at;
    }
}
