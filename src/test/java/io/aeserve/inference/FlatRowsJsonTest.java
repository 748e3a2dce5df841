package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FlatRowsJsonTest {

    private final JsonMapper jackson = JsonMapper.builder().build();

    @Test
    void readsEveryNumberAsJacksonDoes() {
        Random random = new Random(7);
        StringBuilder json = new StringBuilder("{\"inputs\": [");
        int rows = 50;
        int width = 40;
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",\n [");
            for (int i = 0; i < width; i++) {
                json.append(i == 0 ? "" : ", ").append(number(random));
            }
            json.append(']');
        }
        byte[] body = json.append("] }").toString().getBytes(StandardCharsets.UTF_8);

        InputRows fast = FlatRowsJson.read(body);
        InputRows expected = jackson.readValue(body, InferenceRequests.Rows.class).inputs();

        assertThat(fast.rows()).isEqualTo(rows);
        assertThat(fast.rowShape()).isEqualTo(List.of(width));
        for (int i = 0; i < expected.values().length; i++) {
            assertThat(Float.floatToIntBits(fast.values()[i])).as("value %d", i)
                    .isEqualTo(Float.floatToIntBits(expected.values()[i]));
        }
    }

    @Test
    void readsEdgeNumbersAsJacksonDoes() {
        String[] numbers = {"0", "-0", "-0.0", "0.0e0", "1", "-1", "1.5E3", "1e-45", "1e-50", "3.4028235e38",
                "16777217", "0.1", "123456789012345678901234567890", "0.000000000000000000001234", "9.999999e-11",
                "1.17549435E-38", "7.006492e-46", "2e10", "2e11", "1.00000005"};
        for (String number : numbers) {
            byte[] body = ("{\"inputs\":[[" + number + "]]}").getBytes(StandardCharsets.UTF_8);
            float expected = jackson.readValue(body, InferenceRequests.Rows.class).inputs().values()[0];
            assertThat(Float.floatToIntBits(FlatRowsJson.read(body).values()[0])).as(number)
                    .isEqualTo(Float.floatToIntBits(expected));
        }
    }

    /**
     * The same and more, each followed by other numbers, so that the reader sees eight bytes or more from where the
     * number starts: zeros written every way, one digit before the point with short and long fractions, exponents.
     */
    @Test
    void readsNumbersFollowedByMoreTextAsJacksonDoes() {
        String[] numbers = {"0.0", "0.00", "0.000", "0.0e0", "0.0E5", "0.0e-3", "0.05", "0.0001", "0.01e2", "-0.0",
                "0", "-0", "0.1", "0.5", "5.0", "9.75", "1.5E3", "7.006492e-46", "1.00000005", "0.30000001192092896",
                "0.003921569", "0.12345678901234567890", "9.999999e-11", "1.17549435E-38", "3.4028235e38", "12.5",
                "0.9999999999999999999"};
        for (String number : numbers) {
            for (String after : new String[] {", 0.0, 1]]}", ",0.5]]}", " ,\n 7]]}", "]]}        "}) {
                String json = "{\"inputs\":[[" + number + after;
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                float[] expected = jackson.readValue(body, InferenceRequests.Rows.class).inputs().values();
                float[] read = FlatRowsJson.read(body).values();
                assertThat(read).as(json).hasSameSizeAs(expected);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(Float.floatToIntBits(read[i])).as(json + " value " + i)
                            .isEqualTo(Float.floatToIntBits(expected[i]));
                }
            }
        }
    }

    /**
     * Doubles as Python writes float32 values it holds as doubles (up to 17 digits), and decimals of 16 to 18 digits
     * just below, at and just above the points halfway between two floats, where a double can round the wrong way.
     */
    @Test
    void readsLongDecimalsAndDecimalsNearHalfwayAsTheNearestFloat() {
        Random random = new Random(5);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            float value = Float.intBitsToFloat(random.nextInt(0x7f000000 - 0x00800000) + 0x00800000);
            numbers.add(Double.toString(value));
            BigDecimal halfway = new BigDecimal(value).add(new BigDecimal(Math.nextUp(value)))
                    .divide(BigDecimal.valueOf(2));
            int digits = 16 + random.nextInt(3);
            numbers.add(halfway.round(new MathContext(digits, RoundingMode.DOWN)).toString());
            numbers.add(halfway.round(new MathContext(digits, RoundingMode.UP)).toString());
            if (halfway.toString().length() <= 100) {
                numbers.add(halfway.toString());
            }
        }
        StringBuilder json = new StringBuilder("{\"inputs\": [[");
        for (int i = 0; i < numbers.size(); i++) {
            json.append(i == 0 ? "" : ",").append(numbers.get(i));
        }
        InputRows rows = FlatRowsJson.read(json.append("]]}").toString().getBytes(StandardCharsets.UTF_8));

        for (int i = 0; i < numbers.size(); i++) {
            assertThat(Float.floatToIntBits(rows.values()[i])).as(numbers.get(i))
                    .isEqualTo(Float.floatToIntBits(Float.parseFloat(numbers.get(i))));
        }
    }

    @Test
    void leavesToJacksonWhatItDoesNotFullyUnderstand() {
        String[] bodies = {"", "{}", "{\"inputs\": []}", "{\"inputs\": [[]]}", "{\"inputs\": [[1, 2], [3]]}",
                "{\"inputs\": [[[1]]]}", "{\"inputs\": [{\"a\": \"1\"}]}", "{\"inputs\": [[1]], \"extra\": 1}",
                "{\"inputs\": [[01]]}", "{\"inputs\": [[1.]]}", "{\"inputs\": [[.5]]}", "{\"inputs\": [[1e]]}",
                "{\"inputs\": [[+1]]}", "{\"inputs\": [[NaN]]}", "{\"inputs\": [[\"1\"]]}", "{\"inputs\": [[1e39]]}",
                "{\"inputs\": [[1,]]}", "{\"inputs\": [[1]]", "{\"inputs\": [[1]]} x", "{\"inp\\u0075ts\": [[1]]}",
                "{\"inputs\": [[1]],}", "{\"inputs\": null}", "[[1]]", "{\"inputs\": [[1 2]]}",
                "{\"inputs\": [[1., 2.0, 3.0]]}", "{\"inputs\": [[0.0.1, 2.0]]}", "{\"inputs\": [[0.0x, 1.0]]}",
                "{\"inputs\": [[0.0e, 1.0]]}", "{\"inputs\": [[0.x5, 1.0]]}", "{\"inputs\": [[00.5, 1.0]]}"};
        for (String body : bodies) {
            assertThat(FlatRowsJson.read(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
        }
    }

    private static String number(Random random) {
        float value = (random.nextFloat() - 0.3f) * (float) Math.pow(10, random.nextInt(12) - 6);
        return switch (random.nextInt(5)) {
            case 0 -> Float.toString(value);
            case 1 -> Double.toString(value);
            case 2 -> String.format(java.util.Locale.ROOT, "%.3e", value);
            case 3 -> Integer.toString(random.nextInt(40_000_000) - 20_000_000);
            default -> String.format(java.util.Locale.ROOT, "%.12f", random.nextDouble());
        };
    }
}
