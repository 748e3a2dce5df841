package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EightDigitsTest {

    @Test
    void splitsValuesBelowAHundredMillionIntoTheirEightDigitsFirstDigitFirst() {
        for (int value = 0; value < 100_000_000; value += value < 200_000 ? 1 : 9_973) {
            long digits = EightDigits.of(value);
            byte[] text = new byte[8];
            for (int i = 0; i < 8; i++) {
                text[i] = (byte) ('0' + (digits >>> 8 * i & 0xff));
            }
            assertThat(new String(text, StandardCharsets.US_ASCII)).isEqualTo(String.format("%08d", value));
        }
        assertThat(EightDigits.of(99_999_999)).isEqualTo(0x0909_0909_0909_0909L);
    }

    @Test
    void readsEightDigitsAtOnce() {
        for (int value = 0; value < 100_000_000; value += value < 200_000 ? 1 : 9_973) {
            byte[] text = String.format("%08d", value).getBytes(StandardCharsets.US_ASCII);
            long digits = 0;
            for (int i = 0; i < 8; i++) {
                digits |= (long) (text[i] - '0') << 8 * i;
            }
            assertThat(EightDigits.value(digits)).isEqualTo(value);
        }
    }

    @Test
    void countsTheDigitsTheTextStartsWith() {
        String[] texts = {"12345678", "1234567,", "0.5, 0.2", "9]]}    ", ",1234567", "0123:456", "01/34567"};
        int[] counts = {8, 7, 1, 1, 0, 4, 2};
        for (int i = 0; i < texts.length; i++) {
            long text = EightDigits.load(texts[i].getBytes(StandardCharsets.US_ASCII), 0);
            assertThat(EightDigits.leadingDigits(text)).as(texts[i]).isEqualTo(counts[i]);
        }
    }
}
