package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.io.NumberOutput;

class ShortestFloatTest {

    private final byte[] out = new byte[2 + ShortestFloat.ROOM];

    @Test
    void writesWhatJacksonsShortestWriterWritesForRandomBitPatterns() {
        for (float value : finiteFromRandomBits(7, 1_000_000)) {
            assertSameText(value);
        }
    }

    @Test
    void writesWhatJacksonsShortestWriterWritesForValuesLikeModelOutputs() {
        Random random = new Random(11);
        for (int i = 0; i < 500_000; i++) {
            assertSameText(random.nextFloat());
            assertSameText((float) (1 / (1 + Math.exp(-3 * random.nextGaussian()))));
            assertSameText((float) random.nextGaussian() * 1000);
            assertSameText((float) random.nextGaussian() * 1e-6f);
            assertSameText((float) (random.nextGaussian() * 1e9));
        }
    }

    @Test
    void writesShortDecimalsIntegersAndPowersOfTwoAsJacksonDoes() {
        for (int i = 0; i <= 100_000; i++) {
            assertSameText(i);
            assertSameText(-i);
            assertSameText(i / 1000f);
            assertSameText(i / 10_000f);
        }
        for (int exponent = -149; exponent <= 127; exponent++) {
            float power = (float) Math.pow(2, exponent);
            assertSameText(power);
            assertSameText(Math.nextUp(power));
            assertSameText(Math.nextDown(power));
        }
        for (int exponent = -45; exponent <= 38; exponent++) {
            float power = Float.parseFloat("1e" + exponent);
            assertSameText(power);
            assertSameText(Math.nextUp(power));
            assertSameText(Math.nextDown(power));
        }
    }

    @Test
    void writesZerosExtremesAndSubnormals() {
        assertThat(text(0f)).isEqualTo("0.0");
        assertThat(text(-0f)).isEqualTo("-0.0");
        assertThat(text(1f)).isEqualTo("1.0");
        assertThat(text(0.1f)).isEqualTo("0.1");
        assertThat(text(1e7f)).isEqualTo("1.0E7");
        assertThat(text(1e-3f)).isEqualTo("0.001");
        assertThat(text(9.999e-4f)).isEqualTo("9.999E-4");
        assertThat(text(Float.MAX_VALUE)).isEqualTo("3.4028235E38");
        assertThat(text(-Float.MIN_NORMAL)).isEqualTo("-1.1754944E-38");
        assertThat(text(Float.MIN_VALUE)).isEqualTo("1.4E-45");
        for (int bits = 1; bits < 1 << 23; bits += 997) {
            assertSameText(Float.intBitsToFloat(bits));
        }
    }

    @Test
    void eachTextReadsBackToItsFloat() {
        for (float value : finiteFromRandomBits(3, 200_000)) {
            assertThat(Float.parseFloat(text(value))).isEqualTo(value);
        }
    }

    @Test
    void writesAtTheGivenPositionAndAnswersTheEnd() {
        byte[] buffer = new byte[40];
        int end = ShortestFloat.writeAll(new float[] {0.5f, -12.25f}, buffer, 3);
        assertThat(new String(buffer, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo("0.5,-12.25");
    }

    @Test
    void writesArraysOfAnyLengthAsJacksonsTextsJoinedByCommas() {
        Random random = new Random(5);
        float[] kinds = {0f, -0f, 1f, -3f, 16_777_216f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 1e-3f};
        for (int length : new int[] {0, 1, 2, 63, 64, 65, 128, 129, 784}) {
            float[] values = new float[length];
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < length; i++) {
                values[i] = random.nextInt(4) == 0 ? kinds[random.nextInt(kinds.length)]
                        : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
                expected.append(i == 0 ? "" : ",").append(NumberOutput.toString(values[i], true));
            }
            byte[] text = new byte[1 + length * (ShortestFloat.MAX_LENGTH + 1) + ShortestFloat.ROOM];
            int end = ShortestFloat.writeAll(values, text, 1);
            assertThat(new String(text, 1, end - 1, StandardCharsets.US_ASCII)).as("length %d", length)
                    .isEqualTo(expected.toString());
        }
    }

    /** The finite ones among {@code count} floats of random bits. */
    private static float[] finiteFromRandomBits(long seed, int count) {
        Random random = new Random(seed);
        float[] values = new float[count];
        int finite = 0;
        for (int i = 0; i < count; i++) {
            float value = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(value)) {
                values[finite++] = value;
            }
        }
        return Arrays.copyOf(values, finite);
    }

    private void assertSameText(float value) {
        assertThat(text(value)).as("bits %08x", Float.floatToRawIntBits(value))
                .isEqualTo(NumberOutput.toString(value, true));
    }

    private String text(float value) {
        int end = ShortestFloat.writeAll(new float[] {value}, out, 2);
        assertThat(end - 2).isLessThanOrEqualTo(ShortestFloat.MAX_LENGTH);
        return new String(out, 2, end - 2, StandardCharsets.US_ASCII);
    }
}
