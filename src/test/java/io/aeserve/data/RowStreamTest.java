package io.aeserve.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowStreamTest {

    static final float[] VALUES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    static final int[] LABELS = {0, 1, 0, 1, 1};

    @Test
    void storedRowsAndLabelsComeBackInChunksWithAShortLastOne() {
        try (RowStream rows = RowStream.of(5, List.of(2), floats(VALUES), ints(LABELS))) {
            assertThat(rows.hasLabels()).isTrue();
            float[] chunk = new float[4];
            int[] labels = new int[2];
            assertThat(rows.read(chunk, labels)).isEqualTo(2);
            assertThat(chunk).containsExactly(1, 2, 3, 4);
            assertThat(labels).containsExactly(0, 1);
            assertThat(rows.read(chunk, labels)).isEqualTo(2);
            assertThat(chunk).containsExactly(5, 6, 7, 8);
            assertThat(rows.read(chunk, labels)).isEqualTo(1);
            assertThat(Arrays.copyOf(chunk, 2)).containsExactly(9, 10);
            assertThat(labels[0]).isEqualTo(1);
            assertThat(rows.read(chunk, labels)).isZero();
        }
    }

    @Test
    void rowsHeldInMemoryReadTheSame() {
        try (RowStream rows = RowStream.of(new DataMatrix(VALUES, 5, List.of(2), LABELS))) {
            float[] chunk = new float[6];
            int[] labels = new int[3];
            assertThat(rows.read(chunk, labels)).isEqualTo(3);
            assertThat(chunk).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(labels).containsExactly(0, 1, 0);
            assertThat(rows.remaining()).isEqualTo(2);
        }
    }

    @Test
    void aFileCutShortIsAnErrorNotMadeUpRows() {
        try (RowStream rows = RowStream.of(6, List.of(2), floats(VALUES), null)) {
            float[] chunk = new float[12];
            assertThatThrownBy(() -> rows.read(chunk, null)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("end before its 6 rows");
        }
    }

    private static ByteArrayInputStream floats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return new ByteArrayInputStream(bytes.array());
    }

    private static ByteArrayInputStream ints(int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            bytes.putInt(value);
        }
        return new ByteArrayInputStream(bytes.array());
    }
}
