package io.aeserve.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ReadersTest {

    static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] idx(int type, int[] dims, byte[] payload, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(bytes) : bytes)) {
            out.writeInt((type << 8) | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    @Test
    void csvWithAndWithoutHeader() throws IOException {
        DataMatrix withHeader = CsvReader.readValues(text("a,b,c\n1,2,3\n4,5.5,-6\n"), "file");
        assertThat(withHeader.rows()).isEqualTo(2);
        assertThat(withHeader.rowShape()).containsExactly(3);
        assertThat(withHeader.values()).containsExactly(1, 2, 3, 4, 5.5f, -6);
        DataMatrix plain = CsvReader.readValues(text("1;2\n\n3;4\n"), "file");
        assertThat(plain.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void csvRefusesRaggedRowsTextAndNaN() {
        assertThatThrownBy(() -> CsvReader.readValues(text("1,2\n3\n"), "file"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2 has 1 values");
        assertThatThrownBy(() -> CsvReader.readValues(text("1,2\n3,x\n"), "file"))
                .hasMessageContaining("line 2, column 2 is not a number");
        assertThatThrownBy(() -> CsvReader.readValues(text("1,NaN\n"), "file")).hasMessageContaining("finite");
        assertThatThrownBy(() -> CsvReader.readValues(text("a,b\n"), "file")).hasMessageContaining("no data rows");
    }

    @Test
    void csvLabels() throws IOException {
        assertThat(CsvReader.readLabels(text("label\n3\n1\n"), "labels")).containsExactly(3, 1);
        assertThatThrownBy(() -> CsvReader.readLabels(text("1.5\n"), "labels")).hasMessageContaining("not an integer");
    }

    @Test
    void jsonArraysAndObjects() {
        JsonMapper mapper = JsonMapper.builder().build();
        DataMatrix arrays = JsonRowsReader.readValues(text("[[1, 2], [3, 4.5]]"), mapper, "file");
        assertThat(arrays.values()).containsExactly(1, 2, 3, 4.5f);
        DataMatrix objects = JsonRowsReader.readValues(text("[{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}]"), mapper,
                "file");
        assertThat(objects.rowShape()).containsExactly(2);
        assertThat(objects.values()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> JsonRowsReader.readValues(text("[[1, 2], [3]]"), mapper, "file"))
                .hasMessageContaining("row 1 has 1 values");
        assertThatThrownBy(() -> JsonRowsReader.readValues(text("[[1, \"a\"]]"), mapper, "file"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> JsonRowsReader.readValues(text("[[1, NaN]]"), mapper, "file"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonRowsReader.readValues(text("{\"a\": 1}"), mapper, "file"))
                .hasMessageContaining("JSON array");
    }

    @Test
    void idxImagesScaleBytesToUnitRangeAndGzipIsDetected() throws IOException {
        byte[] pixels = {0, (byte) 255, (byte) 128, 0, 0, 0, 0, (byte) 255};
        for (boolean gzip : new boolean[] {false, true}) {
            DataMatrix images = IdxReader.readValues(
                    new ByteArrayInputStream(idx(0x08, new int[] {2, 2, 2}, pixels, gzip)), "file");
            assertThat(images.rows()).isEqualTo(2);
            assertThat(images.rowShape()).containsExactly(1, 2, 2);
            assertThat(images.values()[1]).isEqualTo(1f);
            assertThat(images.values()[2]).isEqualTo(128 / 255f);
        }
        int[] labels = IdxReader.readLabels(new ByteArrayInputStream(idx(0x08, new int[] {3}, new byte[] {7, 0, 9},
                true)), "labels");
        assertThat(labels).containsExactly(7, 0, 9);
    }

    @Test
    void idxRefusesGarbageAndTruncation() {
        assertThatThrownBy(() -> IdxReader.readValues(text("not an idx file"), "file"))
                .hasMessageContaining("not an IDX file");
        assertThatThrownBy(() -> IdxReader.readValues(new ByteArrayInputStream(
                idx(0x08, new int[] {2, 2, 2}, new byte[3], false)), "file")).hasMessageContaining("ends before");
    }
}
