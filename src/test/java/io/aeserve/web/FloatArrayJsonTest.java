package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

class FloatArrayJsonTest {

    /** How the service wrote numbers before: Jackson's shortest-decimal writer, number by number. */
    private final JsonMapper plain = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final JsonMapper fast = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .addModule(new SimpleModule().addSerializer(float[].class, new FloatArrayJson())).build();

    record Answer(String model, int version, float[][] outputs, float[] errors) {}

    @Test
    void writesTheSameJsonAsJacksonsOwnArrayWriter() {
        Random random = new Random(5);
        float[][] rows = new float[64][300];
        for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (1 / (1 + Math.exp(-3 * random.nextGaussian())));
            }
        }
        float[] errors = {0.5f, 1e-7f, -3.25e9f, 0f, -0f, Float.MAX_VALUE};
        Answer answer = new Answer("m", 2, rows, errors);

        String written = fast.writeValueAsString(answer);

        assertThat(written).isEqualTo(plain.writeValueAsString(answer));
        assertThat(fast.readValue(written, Answer.class).outputs()).isDeepEqualTo(rows);
    }

    @Test
    void writesEmptyArraysNullsAndNonFiniteValuesAsJacksonDoes() {
        Answer answer = new Answer("m", 1, new float[][] {{}, {1f, Float.NaN, Float.NEGATIVE_INFINITY}, null},
                new float[0]);

        assertThat(fast.writeValueAsString(answer)).isEqualTo(plain.writeValueAsString(answer));
    }

    @Test
    void writesRowsLongerThanTheGeneratorsBufferToAStream() {
        float[] row = new float[20_000];
        for (int i = 0; i < row.length; i++) {
            row[i] = i / 7f;
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        fast.writeValue(stream, new float[][] {row, row});

        assertThat(stream.toString()).isEqualTo(plain.writeValueAsString(new float[][] {row, row}));
    }

    @Test
    void writesThroughACharacterWriterToo() {
        float[] row = {0.25f, 3f, 1.5e-5f};
        java.io.StringWriter writer = new java.io.StringWriter();

        fast.writeValue(writer, new Answer("m", 1, new float[][] {row}, row));

        assertThat(writer.toString()).isEqualTo(plain.writeValueAsString(new Answer("m", 1, new float[][] {row}, row)));
    }
}
