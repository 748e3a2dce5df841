package io.aeserve.data;

import static io.aeserve.data.ReadersTest.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IdxReaderLimitsTest {

    private static final ReadLimits LIMITS = ReadLimits.of(1 << 20, 1 << 20);

    private static DataMatrix values(byte[] file, ReadLimits limits) throws IOException {
        return IdxReader.readValues(new ByteArrayInputStream(file), file.length, limits, "file");
    }

    private static int[] labels(byte[] file) throws IOException {
        return IdxReader.readLabels(new ByteArrayInputStream(file), file.length, LIMITS, "labels");
    }

    @Test
    void aTwelveByteFileAskingForTwoBillionValuesIsRefusedBeforeAnythingIsAllocated() {
        byte[] file = HexFormat.of().parseHex("000008027735940000000001");
        assertThatThrownBy(() -> values(file, ReadersTest.LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("announces 2000000000 values")
                .hasMessageContaining("only 0 bytes follow the header");
    }

    @Test
    void dimensionsWhoseProductOverflowsAreInvalid() throws IOException {
        int big = Integer.MAX_VALUE;
        byte[] file = idx(0x0E, new int[] {big, big, big, big, big}, new byte[0], false);
        assertThatThrownBy(() -> values(file, LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("multiply beyond any file size");
    }

    @Test
    void aPlainFileShorterThanItsHeaderAnnouncesIsInvalid() throws IOException {
        assertThatThrownBy(() -> values(idx(0x08, new int[] {2, 2, 2}, new byte[3], false), LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("announces 8 values (8 bytes) but only 3 bytes follow the header");
        assertThatThrownBy(() -> labels(idx(0x0C, new int[] {5}, new byte[19], false)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("announces 5 values (20 bytes) but only 19 bytes");
    }

    @Test
    void aHeaderCutShortIsInvalid() {
        byte[] file = HexFormat.of().parseHex("0000080300000002");
        assertThatThrownBy(() -> values(file, LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shorter than its header");
        assertThatThrownBy(() -> labels(HexFormat.of().parseHex("0000")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shorter than its header");
    }

    @Test
    void moreValuesThanTheLimitAreTooLarge() throws IOException {
        byte[] file = idx(0x08, new int[] {4, 4}, new byte[16], false);
        assertThatThrownBy(() -> values(file, ReadLimits.of(1 << 20, 15 * 4)))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("more than the 15 values")
                .hasMessageContaining("aeserve.datasets.max-size");
        assertThat(values(file, ReadLimits.of(1 << 20, 16 * 4)).values()).hasSize(16);
    }

    @Test
    void aGzippedHeaderAnnouncingMoreThanTheUploadLimitIsTooLarge() throws IOException {
        // a gzip bomb: 4 GB of zeros would compress to a few MB; its header alone says how far it would inflate
        byte[] file = idx(0x08, new int[] {65536, 65536}, new byte[0], true);
        assertThatThrownBy(() -> values(file, LIMITS))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("inflate to 4294967308 bytes")
                .hasMessageContaining("aeserve.limits.max-upload-size");
    }

    @Test
    void aSmallGzippedFileAnnouncingManyValuesEndsEarlyWithoutTheirArray() throws Throwable {
        byte[] file = idx(0x08, new int[] {10_000, 10_000}, new byte[10], true);
        assertThatThrownBy(() -> values(file, ReadersTest.LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ends before the 100000000 values its header announces");
        // the 400 MB the header asks for are never allocated
        assertThat(CsvReaderStreamingTest.allocatedWhile(() -> values(file, ReadersTest.LIMITS)))
                .isLessThan(8L << 20);
    }

    @Test
    void aFileWithTheGzipMagicThatIsNotGzipIsCorrupt() {
        byte[] notGzip = HexFormat.of().parseHex("1f8b0000000000000000ffffffff");
        assertThatThrownBy(() -> values(notGzip, LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gzip stream is corrupt");
        assertThatThrownBy(() -> labels(HexFormat.of().parseHex("1f8b")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gzip stream is corrupt");
    }

    @Test
    void aGzipStreamCutShortOrDamagedIsCorrupt() throws IOException {
        byte[] whole = idx(0x08, new int[] {100, 100}, new byte[10_000], true);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> values(cut, LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gzip stream is corrupt");
        byte[] damaged = whole.clone();
        damaged[12] ^= (byte) 0xFF;
        damaged[13] ^= (byte) 0xFF;
        assertThatThrownBy(() -> values(damaged, LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gzip stream is corrupt");
    }

    @Test
    void everyTypeReadsBigEndianAsBefore() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(payload);
        out.writeDouble(-1.5);
        out.writeDouble(2.25);
        byte[] doubles = idx(0x0E, new int[] {1, 2}, payload.toByteArray(), false);
        assertThat(values(doubles, LIMITS).values()).containsExactly(-1.5f, 2.25f);
        payload.reset();
        out.writeShort(-300);
        out.writeShort(7);
        assertThat(values(idx(0x0B, new int[] {2, 1}, payload.toByteArray(), true), LIMITS).values())
                .containsExactly(-300f, 7f);
        payload.reset();
        out.writeInt(123456);
        out.writeInt(-2);
        assertThat(values(idx(0x0C, new int[] {1, 2}, payload.toByteArray(), false), LIMITS).values())
                .containsExactly(123456f, -2f);
        assertThat(labels(idx(0x0C, new int[] {2}, payload.toByteArray(), false))).containsExactly(123456, -2);
        assertThat(values(idx(0x09, new int[] {1, 2}, new byte[] {-128, 127}, false), LIMITS).values())
                .containsExactly(-128f, 127f);
    }

    @Test
    void filesLargerThanOneChunkReadExactlyPlainAndGzipped() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(payload);
        int count = 3 * 65536 + 17;
        for (int i = 0; i < count; i++) {
            out.writeFloat(i * 0.5f - 1000);
        }
        for (boolean gzipped : new boolean[] {false, true}) {
            float[] read = values(idx(0x0D, new int[] {count, 1}, payload.toByteArray(), gzipped), LIMITS).values();
            assertThat(read).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(read[i]).isEqualTo(i * 0.5f - 1000);
            }
        }
    }

    @Test
    void nanAndInfinityAreRefused() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        new DataOutputStream(payload).writeFloat(Float.NaN);
        assertThatThrownBy(() -> values(idx(0x0D, new int[] {1, 1}, payload.toByteArray(), false), LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("value 0 is NaN or beyond the float32 range");
        payload.reset();
        new DataOutputStream(payload).writeDouble(1e300);
        assertThatThrownBy(() -> values(idx(0x0E, new int[] {1, 1}, payload.toByteArray(), false), LIMITS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("beyond the float32 range");
    }

    @Test
    void trailingBytesAfterTheValuesAreIgnoredAsBefore() throws IOException {
        byte[] file = idx(0x08, new int[] {1, 2}, new byte[] {(byte) 255, 0, 1, 2, 3}, false);
        assertThat(values(file, LIMITS).values()).containsExactly(1f, 0f);
    }
}
