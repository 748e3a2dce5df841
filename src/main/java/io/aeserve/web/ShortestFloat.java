package io.aeserve.web;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.NumberOutput;

/**
 * Writes a float as the shortest decimal that reads back to it, in the text {@code Float.toString} gives from Java 19
 * on and Jackson's fast writer gives on any Java ({@code 0.25}, {@code 1.0}, {@code 1.0E-5}, {@code 3.4028235E38}),
 * as ASCII bytes straight into the caller's array, without a string per number.
 *
 * <p>The float's rounding interval, the decimals that read back to it, is scaled by a power of ten to about nine
 * integer digits in doubles, which hold it with an error below 10<sup>-5</sup> of a unit; integer steps then find
 * the largest power of ten with a multiple inside, and among those multiples the one nearest the float (among one-
 * and two-digit decimals when a single digit suffices, as {@code Float.toString} chooses). Whenever a bound, or a
 * tie between two candidates, lies too close to call at that precision, and for values outside 10<sup>-14</sup> to
 * 10<sup>30</sup> and subnormals, the number goes to Jackson's Schubfach writer instead: the text is the same
 * either way, this is only faster.
 */
final class ShortestFloat {

    /** The longest text a float can take is 15 bytes: a sign, nine digits, a point and an exponent of E-dd. */
    static final int MAX_LENGTH = 15;

    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long[] LONG_POWERS_OF_TEN = new long[19];
    private static final byte[] TWO_DIGITS = new byte[200];
    /** How close, in units of the last scaled digit, a bound or a tie may lie before the double error could matter. */
    private static final double TOLERANCE = 1e-5;
    private static final int SIGNIFICAND_BITS = 23;
    private static final int EXPONENT_BIAS = 127;
    private static final int DOUBLE_EXPONENT_BIAS = 1023;
    private static final int DOUBLE_SIGNIFICAND_BITS = 52;
    /** Scale to this many integer digits and one more (an estimate of the decimal exponent may be one low). */
    private static final int SCALED_DIGITS = 9;
    /** floor(e * log10(2)) as (e * this) >> 20, exact for every float exponent. */
    private static final int LOG10_2_Q20 = 315_653;
    private static final int PLAIN_UP_TO_EXPONENT = 7;
    private static final int PLAIN_FROM_EXPONENT = -2;

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++, power *= 10) {
            POWERS_OF_TEN[i] = power;
        }
        long longPower = 1;
        for (int i = 0; i < LONG_POWERS_OF_TEN.length; i++, longPower *= 10) {
            LONG_POWERS_OF_TEN[i] = longPower;
        }
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
            TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private ShortestFloat() {}

    /**
     * Writes a finite float at {@code at}, which needs room for {@link #MAX_LENGTH} bytes, and answers where the
     * text ends.
     */
    static int write(float value, byte[] out, int at) {
        int written = writeFast(value, out, at);
        if (written >= 0) {
            return written;
        }
        byte[] text = NumberOutput.toString(value, true).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, at, text.length);
        return at + text.length;
    }

    /** The end of the text, or -1 when the value is one for Jackson's writer. */
    private static int writeFast(float value, byte[] out, int start) {
        int at = start;
        int bits = Float.floatToRawIntBits(value);
        int biased = (bits & 0x7fffffff) >>> SIGNIFICAND_BITS;
        if (biased == 0xff) {
            return -1;
        }
        if (bits < 0) {
            out[at++] = '-';
            bits &= 0x7fffffff;
        }
        if (bits == 0) {
            out[at++] = '0';
            out[at++] = '.';
            out[at++] = '0';
            return at;
        }
        if (biased == 0) {
            return -1;
        }
        double exact = Float.intBitsToFloat(bits);
        // half the gap to the next float up, and to the next one down (half as wide at a power of two)
        double halfUp = Double.longBitsToDouble((long) (biased - EXPONENT_BIAS - SIGNIFICAND_BITS - 1
                + DOUBLE_EXPONENT_BIAS) << DOUBLE_SIGNIFICAND_BITS);
        double halfDown = (bits & 0x7fffff) == 0 && biased > 1 ? halfUp / 2 : halfUp;
        int scale = SCALED_DIGITS - 1 - (((biased - EXPONENT_BIAS) * LOG10_2_Q20) >> 20);
        if (Math.abs(scale) >= POWERS_OF_TEN.length) {
            return -1;
        }
        double center;
        double low;
        double high;
        if (scale >= 0) {
            double power = POWERS_OF_TEN[scale];
            center = exact * power;
            low = (exact - halfDown) * power;
            high = (exact + halfUp) * power;
        } else {
            double power = POWERS_OF_TEN[-scale];
            center = exact / power;
            low = (exact - halfDown) / power;
            high = (exact + halfUp) / power;
        }
        double lowFloor = Math.floor(low);
        double highFloor = Math.floor(high);
        if (tooClose(low - lowFloor) || tooClose(high - highFloor)) {
            return -1;
        }
        // the integers strictly inside the interval, then the multiples of ever larger powers of ten inside it
        long first = (long) lowFloor + 1;
        long last = (long) highFloor;
        if (first > last) {
            return -1;
        }
        int step = 0;
        long previousFirst = first;
        long previousLast = last;
        long nextFirst;
        long nextLast;
        while ((nextLast = last / 10) >= (nextFirst = (first + 9) / 10)) {
            previousFirst = first;
            previousLast = last;
            first = nextFirst;
            last = nextLast;
            step++;
        }
        if (last < 10) {
            // a single digit suffices: choose among decimals of one and two digits
            if (step == 0) {
                return -1;
            }
            step--;
            first = previousFirst;
            last = previousLast;
        }
        double scaled = center / POWERS_OF_TEN[step];
        double below = Math.floor(scaled);
        double fraction = scaled - below;
        if (Math.abs(fraction - 0.5) < TOLERANCE) {
            return -1;
        }
        long nearest = fraction < 0.5 ? (long) below : (long) below + 1;
        long digits = nearest < first ? nearest + 1 : nearest > last ? nearest - 1 : nearest;
        if (digits < first || digits > last) {
            return -1;
        }
        int exponent = step - scale;
        while (digits % 10 == 0) {
            digits /= 10;
            exponent++;
        }
        int length = 1;
        while (digits >= LONG_POWERS_OF_TEN[length]) {
            length++;
        }
        return format(digits, length, exponent + length, out, at);
    }

    private static boolean tooClose(double fraction) {
        return fraction < TOLERANCE || fraction > 1 - TOLERANCE;
    }

    /**
     * Writes 0.{@code digits} x 10^{@code exponent} as {@code Float.toString} does: plain from 10^-3 up to 10^7,
     * otherwise one digit, a point and the rest, then E and the power of ten.
     */
    private static int format(long digits, int length, int exponent, byte[] out, int start) {
        int at = start;
        if (exponent > 0 && exponent <= PLAIN_UP_TO_EXPONENT) {
            if (length <= exponent) {
                at = writeDigits(digits, length, out, at);
                for (int i = length; i < exponent; i++) {
                    out[at++] = '0';
                }
                out[at++] = '.';
                out[at++] = '0';
            } else {
                long fractionPower = LONG_POWERS_OF_TEN[length - exponent];
                long integer = digits / fractionPower;
                at = writeDigits(integer, exponent, out, at);
                out[at++] = '.';
                at = writeDigits(digits - integer * fractionPower, length - exponent, out, at);
            }
        } else if (exponent >= PLAIN_FROM_EXPONENT && exponent <= 0) {
            out[at++] = '0';
            out[at++] = '.';
            for (int i = exponent; i < 0; i++) {
                out[at++] = '0';
            }
            at = writeDigits(digits, length, out, at);
        } else {
            long rest = LONG_POWERS_OF_TEN[length - 1];
            long lead = digits / rest;
            out[at++] = (byte) ('0' + lead);
            out[at++] = '.';
            if (length > 1) {
                at = writeDigits(digits - lead * rest, length - 1, out, at);
            } else {
                out[at++] = '0';
            }
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

    /** Writes exactly {@code count} digits of the value, with leading zeros. */
    private static int writeDigits(long value, int count, byte[] out, int start) {
        int end = start + count;
        int at = end;
        long rest = value;
        while (at - start >= 2) {
            int pair = (int) (rest % 100);
            rest /= 100;
            out[--at] = TWO_DIGITS[2 * pair + 1];
            out[--at] = TWO_DIGITS[2 * pair];
        }
        if (at > start) {
            out[--at] = (byte) ('0' + rest);
        }
        return end;
    }
}
