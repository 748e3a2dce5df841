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

class ReadersTest {

    static final ReadLimits LIMITS = ReadLimits.of(512L << 20, 1L << 30);

    static DataMatrix readIdx(byte[] bytes) throws IOException {
        return IdxReader.readValues(new ByteArrayInputStream(bytes), bytes.length, LIMITS, "file");
    }

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
        DataMatrix withHeader = CsvReader.readValues(text("a,b,c\n1,2,3\n4,5.5,-6\n"), LIMITS, "file");
        assertThat(withHeader.rows()).isEqualTo(2);
        assertThat(withHeader.rowShape()).containsExactly(3);
        assertThat(withHeader.values()).containsExactly(1, 2, 3, 4, 5.5f, -6);
        DataMatrix plain = CsvReader.readValues(text("1;2\n\n3;4\n"), LIMITS, "file");
        assertThat(plain.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void csvRefusesRaggedRowsTextAndNaN() {
        assertThatThrownBy(() -> CsvReader.readValues(text("1,2\n3\n"), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2 has 1 values");
        assertThatThrownBy(() -> CsvReader.readValues(text("1,2\n3,x\n"), LIMITS, "file"))
                .hasMessageContaining("line 2, column 2 is not a number");
        assertThatThrownBy(() -> CsvReader.readValues(text("1,NaN\n"), LIMITS, "file")).hasMessageContaining("finite");
        assertThatThrownBy(() -> CsvReader.readValues(text("a,b\n"), LIMITS, "file")).hasMessageContaining("no data rows");
    }

    @Test
    void csvLabels() throws IOException {
        assertThat(CsvReader.readLabels(text("label\n3\n1\n"), LIMITS, "labels")).containsExactly(3, 1);
        assertThatThrownBy(() -> CsvReader.readLabels(text("1.5\n"), LIMITS, "labels")).hasMessageContaining("not an integer");
    }

    @Test
    void jsonArraysAndObjects() throws IOException {
        DataMatrix arrays = JsonRowsReader.read(text("[[1, 2], [3, 4.5]]"), LIMITS, "file", null).values();
        assertThat(arrays.values()).containsExactly(1, 2, 3, 4.5f);
        DataMatrix objects = JsonRowsReader.read(text("[{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}]"), LIMITS, "file", null).values();
        assertThat(objects.rowShape()).containsExactly(2);
        assertThat(objects.values()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> JsonRowsReader.read(text("[[1, 2], [3]]"), LIMITS, "file", null).values())
                .hasMessageContaining("row 1 has 1 values");
        assertThatThrownBy(() -> JsonRowsReader.read(text("[[1, \"a\"]]"), LIMITS, "file", null).values())
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> JsonRowsReader.read(text("[[1, NaN]]"), LIMITS, "file", null).values())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonRowsReader.read(text("{\"a\": 1}"), LIMITS, "file", null).values())
                .hasMessageContaining("JSON array");
    }

    @Test
    void idxImagesScaleBytesToUnitRangeAndGzipIsDetected() throws IOException {
        byte[] pixels = {0, (byte) 255, (byte) 128, 0, 0, 0, 0, (byte) 255};
        for (boolean gzip : new boolean[] {false, true}) {
            DataMatrix images = readIdx(idx(0x08, new int[] {2, 2, 2}, pixels, gzip));
            assertThat(images.rows()).isEqualTo(2);
            assertThat(images.rowShape()).containsExactly(1, 2, 2);
            assertThat(images.values()[1]).isEqualTo(1f);
            assertThat(images.values()[2]).isEqualTo(128 / 255f);
        }
        byte[] labelFile = idx(0x08, new int[] {3}, new byte[] {7, 0, 9}, true);
        int[] labels = IdxReader.readLabels(new ByteArrayInputStream(labelFile), labelFile.length, LIMITS, "labels");
        assertThat(labels).containsExactly(7, 0, 9);
    }

    @Test
    void idxRefusesGarbageAndTruncation() {
        assertThatThrownBy(() -> readIdx("not an idx file".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not an IDX file");
        assertThatThrownBy(() -> readIdx(idx(0x08, new int[] {2, 2, 2}, new byte[3], true)))
                .hasMessageContaining("ends before");
    }
}
