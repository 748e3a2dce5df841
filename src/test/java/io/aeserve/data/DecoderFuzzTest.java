package io.aeserve.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every dataset decoder, fed random bytes and damaged valid files, either reads them or refuses them with one of
 * the two documented exceptions: {@link InvalidInputException} (400) or {@link PayloadTooLargeException} (413).
 * Anything else, an {@link OutOfMemoryError} included, fails the test. The limits are small, so a damaged header
 * that asks for a lot is refused long before it could be allocated. Inputs come from a seeded generator: a failure
 * names its input and replays exactly.
 */
class DecoderFuzzTest {

    private static final int[] HOSTILE_INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 2_000_000_000, 1 << 16,
        1 << 30};
    private static final float[] EDGE_FLOATS = {0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f};

    private static final ReadLimits LIMITS = ReadLimits.of(1 << 20, 1 << 20);

    enum Decoder {
        IDX_VALUES, IDX_LABELS, CSV_VALUES, CSV_LABELS, JSON_ROWS;

        void decode(byte[] bytes) throws IOException {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            switch (this) {
                case IDX_VALUES -> IdxReader.readValues(in, bytes.length, LIMITS, "file");
                case IDX_LABELS -> IdxReader.readLabels(in, bytes.length, LIMITS, "labels");
                case CSV_VALUES -> CsvReader.readValues(in, LIMITS, "file");
                case CSV_LABELS -> CsvReader.readLabels(in, LIMITS, "labels");
                case JSON_ROWS -> JsonRowsReader.read(in, LIMITS, "file", null).values();
            }
        }
    }

    /** A valid file for a decoder, gzipped or not. */
    enum Seed {
        IDX_BYTES(Decoder.IDX_VALUES, idx(0x08, new int[] {3, 2, 2}, HexFormat.of().parseHex("00ff10203040506070809aff")), false),
        IDX_BYTES_GZ(Decoder.IDX_VALUES, IDX_BYTES.plain, true),
        IDX_FLOATS(Decoder.IDX_VALUES, idx(0x0D, new int[] {2, 2}, floats(1.5f, -2f, 0f, 3e10f)), false),
        IDX_DOUBLES_GZ(Decoder.IDX_VALUES, idx(0x0E, new int[] {1, 2}, doubles(0.25, -7)), true),
        IDX_LABELS(Decoder.IDX_LABELS, idx(0x08, new int[] {4}, new byte[] {0, 9, 3, 3}), false),
        IDX_LABELS_GZ(Decoder.IDX_LABELS, idx(0x0C, new int[] {2}, HexFormat.of().parseHex("0000000700000001")), true),
        CSV(Decoder.CSV_VALUES, text("a,b,c\n1,2.5,-3\n\"4\",5e2,6\r\n"), false),
        CSV_TABS(Decoder.CSV_VALUES, text("1\t2\n\n3\t4\n"), false),
        CSV_LABELS(Decoder.CSV_LABELS, text("label\n3\n1\n0\n"), false),
        JSON_ARRAYS(Decoder.JSON_ROWS, text("[[1, 2.5], [-3e2, 4]]"), false),
        JSON_OBJECTS(Decoder.JSON_ROWS, text("[{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}]"), false);

        final Decoder decoder;
        final byte[] plain;
        final boolean gzipped;

        Seed(Decoder decoder, byte[] plain, boolean gzipped) {
            this.decoder = decoder;
            this.plain = plain;
            this.gzipped = gzipped;
        }
    }

    enum Kind { FLIP_BIT, TRUNCATE, HUGE_INT, INSERT_RUN, DUPLICATE_SLICE }

    /**
     * One change to a file; {@code position} and {@code amount} are taken modulo what fits.
     *
     * @param inCompressed for a gzipped seed, whether the change hits the compressed bytes or the content
     */
    record Mutation(Kind kind, int position, int amount, boolean inCompressed) {

        byte[] apply(byte[] bytes) {
            int at = bytes.length == 0 ? 0 : Math.floorMod(position, bytes.length);
            return switch (kind) {
                case FLIP_BIT -> {
                    byte[] flipped = bytes.clone();
                    if (flipped.length > 0) {
                        flipped[at] ^= (byte) (1 << Math.floorMod(amount, 8));
                    }
                    yield flipped;
                }
                case TRUNCATE -> Arrays.copyOf(bytes, at);
                case HUGE_INT -> {
                    // a header field (magic, a dimension) replaced with a large or negative count
                    byte[] changed = Arrays.copyOf(bytes, Math.max(bytes.length, 40));
                    ByteBuffer.wrap(changed).putInt(4 * Math.floorMod(position, 10), amount);
                    yield changed;
                }
                case INSERT_RUN -> {
                    byte[] run = new byte[Math.floorMod(amount, 5000)];
                    Arrays.fill(run, bytes.length > 0 ? bytes[at] : (byte) '9');
                    yield concat(Arrays.copyOf(bytes, at), run, Arrays.copyOfRange(bytes, at, bytes.length));
                }
                case DUPLICATE_SLICE -> {
                    int end = at + Math.floorMod(amount, bytes.length - at + 1);
                    byte[] slice = Arrays.copyOfRange(bytes, at, end);
                    yield concat(Arrays.copyOf(bytes, end), slice, slice, Arrays.copyOfRange(bytes, end, bytes.length));
                }
            };
        }
    }

    record Damaged(Seed seed, List<Mutation> mutations) {

        byte[] bytes() {
            byte[] content = seed.plain;
            for (Mutation mutation : mutations) {
                content = seed.gzipped && mutation.inCompressed() ? content : mutation.apply(content);
            }
            if (!seed.gzipped) {
                return content;
            }
            byte[] compressed = gzip(content);
            for (Mutation mutation : mutations) {
                compressed = mutation.inCompressed() ? mutation.apply(compressed) : compressed;
            }
            return compressed;
        }
    }

    @Test
    void randomBytesAreReadOrRefusedAsDocumented() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            Decoder decoder = Decoder.values()[random.nextInt(Decoder.values().length)];
            byte[] bytes = new byte[random.nextInt(513)];
            random.nextBytes(bytes);
            assertReadOrRefused(decoder, bytes);
            // the same bytes behind each decoder's magic or opening, to get past the first check
            assertReadOrRefused(decoder, concat(opening(decoder), bytes));
        }
    }

    @Test
    void damagedValidFilesAreReadOrRefusedAsDocumented() {
        Random random = new Random(12);
        for (int i = 0; i < 1000; i++) {
            Damaged damaged = damaged(random);
            assertReadOrRefused(damaged.seed().decoder, damaged.bytes());
        }
    }

    @Test
    void validFilesReadBackTheValuesWritten() throws IOException {
        Random random = new Random(13);
        for (int i = 0; i < 300; i++) {
            readsBack(matrix(random));
        }
    }

    private static void readsBack(float[][] rows) throws IOException {
        float[] expected = flatten(rows);
        int width = rows[0].length;
        StringJoiner csv = new StringJoiner("\n", "", "\n");
        StringJoiner json = new StringJoiner(",", "[", "]");
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (float[] row : rows) {
            StringJoiner line = new StringJoiner(",");
            for (float value : row) {
                line.add(Float.toString(value));
                new DataOutputStream(payload).writeFloat(value);
            }
            csv.add(line.toString());
            json.add("[" + line + "]");
        }
        byte[] idx = idx(0x0D, new int[] {rows.length, width}, payload.toByteArray());
        assertThat(CsvReader.readValues(new ByteArrayInputStream(text(csv.toString())), LIMITS, "file").values())
                .containsExactly(expected);
        assertThat(JsonRowsReader.read(new ByteArrayInputStream(text(json.toString())), LIMITS, "file", null).values().values())
                .containsExactly(expected);
        for (byte[] file : List.of(idx, gzip(idx))) {
            DataMatrix read = IdxReader.readValues(new ByteArrayInputStream(file), file.length, LIMITS, "file");
            assertThat(read.values()).containsExactly(expected);
            assertThat(read.rowShape()).containsExactly(width);
        }
    }

    private static Damaged damaged(Random random) {
        List<Mutation> mutations = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int amount = random.nextBoolean() ? random.nextInt() : HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)];
            mutations.add(new Mutation(Kind.values()[random.nextInt(Kind.values().length)],
                    random.nextInt((1 << 16) + 1), amount, random.nextBoolean()));
        }
        return new Damaged(Seed.values()[random.nextInt(Seed.values().length)], mutations);
    }

    private static float[][] matrix(Random random) {
        int width = 1 + random.nextInt(8);
        float[][] rows = new float[1 + random.nextInt(20)][width];
        for (float[] row : rows) {
            for (int c = 0; c < width; c++) {
                row[c] = random.nextInt(4) == 0 ? EDGE_FLOATS[random.nextInt(EDGE_FLOATS.length)]
                        : (random.nextFloat() * 2 - 1) * 1e6f;
            }
        }
        return rows;
    }

    private static void assertReadOrRefused(Decoder decoder, byte[] bytes) {
        try {
            decoder.decode(bytes);
        } catch (InvalidInputException | PayloadTooLargeException refused) {
            assertThat(refused.getMessage()).as("a refusal says what was wrong").isNotBlank();
        } catch (IOException e) {
            throw new AssertionError(decoder + " failed with " + e + " on " + HexFormat.of().formatHex(bytes), e);
        }
    }

    private static byte[] opening(Decoder decoder) {
        return switch (decoder) {
            case IDX_VALUES -> HexFormat.of().parseHex("00000803");
            case IDX_LABELS -> HexFormat.of().parseHex("1f8b08");
            case CSV_VALUES, CSV_LABELS -> text("1,2\n");
            case JSON_ROWS -> text("[[");
        };
    }

    private static float[] flatten(float[][] rows) {
        float[] values = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, values, r * rows[0].length, rows[0].length);
        }
        return values;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length).putInt((type << 8) | dims.length);
        for (int dim : dims) {
            header.putInt(dim);
        }
        return concat(header.array(), payload);
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
