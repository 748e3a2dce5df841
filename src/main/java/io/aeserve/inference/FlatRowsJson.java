package io.aeserve.inference;

import io.aeserve.web.EightDigits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the common inference body, {@code {"inputs": [[numbers], ...]}} with flat rows of one length, straight from
 * its bytes into one float array: no token objects, no text buffer per number. It reads only what it fully
 * understands and answers null for anything else (other fields, nested or named rows, escapes, invalid JSON,
 * numbers beyond float32), so that Jackson reads those and reports every error as it always has.
 *
 * <p>A number of at most 18 significant digits and a power of ten up to 22 is converted with one double division or
 * multiplication, and then to float. With at most 15 digits both operands are exact and the double is the nearest
 * one; with 16 to 18 (as Python writes a float32 it holds as a double) it is within two units of its last place.
 * Rounding that double to float gives the float nearest the decimal unless it lies that close to halfway between
 * two floats; those, like longer numbers, go through {@link Float#parseFloat}. Either way each value is the float
 * nearest the decimal, as Jackson reads it. Digits are read up to eight at a time where eight bytes remain, and a
 * number with one digit before its point (most feature values: pixels, probabilities, scaled columns) skips the
 * integer part's reading; {@code 0.0}, the commonest of them, takes a few steps.
 */
final class FlatRowsJson {

    private static final byte[] FIELD = "\"inputs\"".getBytes(StandardCharsets.US_ASCII);
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int EXACT_DOUBLE_DIGITS = 15;
    private static final int LONG_DIGITS = 18;
    /** How far from halfway, in units of a double's last place, a double of up to 18 digits can be from the decimal. */
    private static final long LONG_DIGITS_MARGIN = 4;
    /** The bits of a double's mantissa below a float's, and their value halfway between two floats. */
    private static final long BELOW_FLOAT = (1L << 29) - 1;
    private static final long HALFWAY = 1L << 28;
    private static final int MAX_NUMBER_LENGTH = 100;

    private static final long[] LONG_POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    private final byte[] in;
    private int at;
    /** The digits of the number being read, without leading zeros, and how many there are. */
    private long mantissa;
    private int significant;

    private FlatRowsJson(byte[] body) {
        this.in = body;
    }

    /** The rows of a body of flat number rows; null when Jackson should read the body. */
    static InputRows read(byte[] body) {
        return new FlatRowsJson(body).rows();
    }

    private InputRows rows() {
        if (!(take('{') && takeField() && take(':') && take('[') && peek('['))) {
            return null;
        }
        float[] values = new float[Math.max(16, in.length / 8)];
        int size = 0;
        int width = -1;
        int rows = 0;
        do {
            if (!take('[') || peek(']')) {
                return null;
            }
            int rowStart = size;
            do {
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                }
                float value = number();
                if (Float.isNaN(value)) {
                    return null;
                }
                values[size++] = value;
            } while (take(','));
            if (!take(']') || (width >= 0 && size - rowStart != width)) {
                return null;
            }
            width = size - rowStart;
            rows++;
        } while (take(','));
        if (!(take(']') && take('}') && atEnd())) {
            return null;
        }
        return new InputRows(size == values.length ? values : Arrays.copyOf(values, size), rows, List.of(width));
    }

    /** Skips whitespace, then takes the byte if it is the one expected. */
    private boolean take(char expected) {
        if (peek(expected)) {
            at++;
            return true;
        }
        return false;
    }

    /** Skips whitespace and tells whether the next byte is the one expected, without taking it. */
    private boolean peek(char expected) {
        skipWhitespace();
        return at < in.length && in[at] == expected;
    }

    private boolean atEnd() {
        skipWhitespace();
        return at == in.length;
    }

    private void skipWhitespace() {
        while (at < in.length && (in[at] == ' ' || in[at] == '\n' || in[at] == '\r' || in[at] == '\t')) {
            at++;
        }
    }

    private boolean takeField() {
        skipWhitespace();
        if (in.length - at < FIELD.length || !Arrays.equals(in, at, at + FIELD.length, FIELD, 0, FIELD.length)) {
            return false;
        }
        at += FIELD.length;
        return true;
    }

    /** The JSON number here as the nearest float; NaN when it is not a number JSON allows or not a finite float. */
    private float number() {
        skipWhitespace();
        if (at + 8 <= in.length) {
            long text = EightDigits.load(in, at);
            byte first = (byte) text;
            if (isDigit(first) && (byte) (text >>> 8) == '.') {
                return numberWithOneDigitBeforePoint(text, first - '0');
            }
        }
        return anyNumber();
    }

    /**
     * A number of one digit before the point, whose first eight bytes are {@code text}: most numbers in feature
     * data (pixels, probabilities, scaled values), read without going through the integer part's digits; a zero
     * ({@code 0.0}, the commonest of all) in a few steps.
     */
    private float numberWithOneDigitBeforePoint(long text, int first) {
        byte third = (byte) (text >>> 16);
        byte fourth = (byte) (text >>> 24);
        if (first == 0 && third == '0' && !isDigit(fourth) && fourth != 'e' && fourth != 'E') {
            at += 3;
            return 0f;
        }
        int start = at;
        at += 2;
        mantissa = first;
        significant = first == 0 ? 0 : 1;
        int fractionDigits = takeDigits();
        if (fractionDigits == 0) {
            return Float.NaN;
        }
        return exponentAndValue(start, false, false, -fractionDigits);
    }

    /** Any JSON number, see {@link #number}. */
    private float anyNumber() {
        int start = at;
        boolean negative = at < in.length && in[at] == '-';
        if (negative) {
            at++;
        }
        mantissa = 0;
        significant = 0;
        int exponent = 0;
        int integerStart = at;
        int integerDigits = takeDigits();
        if (integerDigits == 0 || (integerDigits > 1 && in[integerStart] == '0')) {
            return Float.NaN;
        }
        boolean integer = true;
        if (at < in.length && in[at] == '.') {
            integer = false;
            at++;
            int fractionDigits = takeDigits();
            if (fractionDigits == 0) {
                return Float.NaN;
            }
            exponent -= fractionDigits;
        }
        return exponentAndValue(start, negative, integer, exponent);
    }

    /**
     * Takes the exponent part, if there is one, and answers the number from {@code start}: its digits, in {@link
     * #mantissa} and {@link #significant}, times ten to the power of {@code exponent} plus the exponent part.
     */
    private float exponentAndValue(int start, boolean negative, boolean integer, int exponent) {
        if (at < in.length && (in[at] == 'e' || in[at] == 'E')) {
            integer = false;
            at++;
            boolean negativeExponent = at < in.length && in[at] == '-';
            if (at < in.length && (in[at] == '-' || in[at] == '+')) {
                at++;
            }
            int exponentStart = at;
            int written = 0;
            while (at < in.length && isDigit(in[at])) {
                written = Math.min(written * 10 + in[at++] - '0', 100_000);
            }
            if (at == exponentStart) {
                return Float.NaN;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            return Float.NaN;
        }
        float value;
        if (mantissa == 0 && significant == 0) {
            // Jackson reads an integer -0 as the integer 0, and -0.0 as the float -0.0
            value = negative && !integer ? -0f : 0f;
        } else {
            double near = significant <= LONG_DIGITS && Math.abs(exponent) < POWERS_OF_TEN.length
                    ? (exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent]) : 0;
            long margin = significant <= EXACT_DOUBLE_DIGITS ? 0 : LONG_DIGITS_MARGIN;
            if (near >= Float.MIN_NORMAL
                    && Math.abs((Double.doubleToRawLongBits(near) & BELOW_FLOAT) - HALFWAY) > margin) {
                value = (float) (negative ? -near : near);
            } else {
                value = Float.parseFloat(new String(in, start, at - start, StandardCharsets.US_ASCII));
            }
        }
        return Float.isFinite(value) ? value : Float.NaN;
    }

    /**
     * Takes the digits here into {@link #mantissa} and {@link #significant} and answers how many there were. Where
     * eight bytes remain it reads them at once and takes the digits they start with, up to eight in one step.
     */
    private int takeDigits() {
        int start = at;
        while (at + 8 <= in.length) {
            long eight = EightDigits.load(in, at);
            int count = EightDigits.leadingDigits(eight);
            if (count == 0) {
                return at - start;
            }
            // the digit values, the first in the lowest byte, moved up so that the bytes after them fall away
            long digits = (eight - EightDigits.ASCII_ZEROS) << 8 * (8 - count);
            if (mantissa == 0) {
                // leading zeros are not significant
                significant -= (Long.numberOfTrailingZeros(digits) >>> 3) - (8 - count);
            }
            mantissa = mantissa * LONG_POWERS_OF_TEN[count] + EightDigits.value(digits);
            significant += count;
            at += count;
            if (count < 8) {
                return at - start;
            }
        }
        while (at < in.length && isDigit(in[at])) {
            int digit = in[at++] - '0';
            if (mantissa != 0 || digit != 0) {
                mantissa = mantissa * 10 + digit;
                significant++;
            }
        }
        return at - start;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
