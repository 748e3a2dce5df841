package io.aeserve.data;

import static io.aeserve.data.ReadersTest.LIMITS;
import static io.aeserve.data.ReadersTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

class CsvReaderStreamingTest {

    /** {@code prefix}, then {@code length} copies of {@code fill}, then {@code suffix}, made up as it is read. */
    private static InputStream generated(String prefix, char fill, long length, String suffix) {
        InputStream repeated = new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? fill : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int n) {
                if (left <= 0) {
                    return -1;
                }
                int count = (int) Math.min(n, left);
                Arrays.fill(buffer, offset, offset + count, (byte) fill);
                left -= count;
                return count;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(text(prefix), repeated), text(suffix));
    }

    /** Bytes this thread allocates while {@code reading} runs, to show what a read costs in heap. */
    static <T> long allocatedWhile(ThrowingSupplier<T> reading) throws Throwable {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            reading.get();
        } catch (InvalidInputException expected) {
            // the allocation up to the refusal is what counts
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aCellLongerThanAnyNumberIsRefusedWithoutBufferingTheLine() throws Throwable {
        assertThatThrownBy(() -> CsvReader.readValues(generated("1,2\n3,", '7', 100_000_000, "\n"), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column 2 is longer than 256 characters");
        long allocated = allocatedWhile(
                () -> CsvReader.readValues(generated("1,2\n3,", '7', 100_000_000, "\n"), LIMITS, "file"));
        assertThat(allocated).isLessThan(4L << 20);
    }

    @Test
    void anEndlessLineOfWhitespaceOrSeparatorsCostsNoMemory() throws Throwable {
        long blank = allocatedWhile(() -> CsvReader.readValues(generated("1\n", ' ', 50_000_000, "\n2\n"), LIMITS,
                "file"));
        assertThat(blank).isLessThan(4L << 20);
        assertThat(CsvReader.readValues(generated("1\n", ' ', 10_000_000, "\n2\n"), LIMITS, "file").values())
                .containsExactly(1, 2);
        assertThatThrownBy(() -> CsvReader.readValues(generated("1,2\n", ',', 50_000_000, "\n"), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column 1 is not a number");
    }

    @Test
    void aHeaderWithLongNamesIsStillAHeader() throws IOException {
        DataMatrix data = CsvReader.readValues(generated("", 'x', 10_000, ",y\n1,2\n"), LIMITS, "file");
        assertThat(data.values()).containsExactly(1, 2);
        DataMatrix longSecondName = CsvReader.readValues(generated("a,", 'x', 10_000, "\n1,2\n"), LIMITS, "file");
        assertThat(longSecondName.rowShape()).containsExactly(2);
    }

    @Test
    void moreValuesThanTheLimitAreTooLarge() {
        ReadLimits fiveValues = ReadLimits.of(1 << 20, 5 * 4);
        assertThatThrownBy(() -> CsvReader.readValues(text("1,2\n3,4\n5,6\n"), fiveValues, "file"))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("more than the 5 values")
                .hasMessageContaining("aeserve.datasets.max-size");
        assertThatThrownBy(() -> CsvReader.readLabels(text("1\n2\n3\n4\n5\n6\n"), fiveValues, "labels"))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("labels holds more than the 5 values");
    }

    @Test
    void valuesReadAsTheyDidLineByLine() throws IOException {
        String file = "x;y\r\n  1 ; \"2\" \r\n\r\n \t \n-3.5e2;0x1p3\r4;5";
        DataMatrix data = CsvReader.readValues(text(file), LIMITS, "file");
        assertThat(data.rows()).isEqualTo(3);
        assertThat(data.values()).containsExactly(1, 2, -350, 8, 4, 5);
        DataMatrix tabs = CsvReader.readValues(text("1\t2\n\t\t\n3\t4\n"), LIMITS, "file");
        assertThat(tabs.values()).containsExactly(1, 2, 3, 4);
        DataMatrix quotedHeader = CsvReader.readValues(text("\"1\",\"2\"\n3,4\n"), LIMITS, "file");
        assertThat(quotedHeader.values()).containsExactly(3, 4);
        DataMatrix emptyFirstHeaderCell = CsvReader.readValues(text(",b\n1,2\n"), LIMITS, "file");
        assertThat(emptyFirstHeaderCell.values()).containsExactly(1, 2);
        DataMatrix manyRows = CsvReader.readValues(text("1,2\n".repeat(100_000)), LIMITS, "file");
        assertThat(manyRows.rows()).isEqualTo(100_000);
    }

    @Test
    void linesAreCountedAcrossBlankLinesAndCrLf() {
        assertThatThrownBy(() -> CsvReader.readValues(text("1,2\r\n\r\n\n3,4,5\n"), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 4 has 3 values, the rows before it 2");
        assertThatThrownBy(() -> CsvReader.readValues(text("a,b\n1,Infinity\n"), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column 2 is not a finite number");
        assertThatThrownBy(() -> CsvReader.readValues(text(" \n\t\n"), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no data rows");
    }

    @Test
    void malformedUtf8IsTextNotACrash() {
        byte[] bytes = {'1', ',', (byte) 0xC3, (byte) 0x28, '\n'};
        assertThatThrownBy(() -> CsvReader.readValues(new ByteArrayInputStream(bytes), LIMITS, "file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a number");
    }
}
