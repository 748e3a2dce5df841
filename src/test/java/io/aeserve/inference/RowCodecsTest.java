package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.storage.Npy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The binary row formats on exact inputs: what is read, and what is refused with which message. */
class RowCodecsTest {

    static byte[] npy(int major, String dict, float... values) {
        String header = dict + " ".repeat(Math.max(0, 63 - dict.length())) + "\n";
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer buffer = ByteBuffer.allocate(8 + lengthBytes + header.length() + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            buffer.putShort((short) header.length());
        } else {
            buffer.putInt(header.length());
        }
        buffer.put(header.getBytes(StandardCharsets.UTF_8));
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    static String dict(String shape) {
        return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    @Test
    void npyVersionsOneTwoAndThreeAreRead() {
        for (int major = 1; major <= 3; major++) {
            Npy.Array array = Npy.read(npy(major, dict("(2, 3)"), 1, 2, 3, 4, 5, 6));
            assertThat(array.shape()).as("version " + major).containsExactly(2, 3);
            assertThat(array.values()).containsExactly(1, 2, 3, 4, 5, 6);
        }
        assertThat(Npy.read(npy(1, dict("(3,)"), 7, 8, 9)).shape()).containsExactly(3);
        assertThat(Npy.read(npy(1, dict("()"), 7)).shape()).isEmpty();
        assertThat(Npy.read(Npy.write(new float[] {1.5f, -2f}, List.of(1, 2))).values()).containsExactly(1.5f, -2f);
        InputRows rows = RowCodecs.fromNpy(npy(2, dict("(2, 3)"), 1, 2, 3, 4, 5, 6));
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.rowShape()).containsExactly(3);
    }

    @Test
    void npyHeadersCutShortOrLyingAreRefused() {
        byte[] full = npy(2, dict("(2, 3)"), 1, 2, 3, 4, 5, 6);
        for (int length : new int[] {0, 5, 8, 9, 11, 12, 40, 75}) {
            byte[] cut = java.util.Arrays.copyOf(full, length);
            assertThatThrownBy(() -> RowCodecs.fromNpy(cut)).as("cut at " + length)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThat(refusal(java.util.Arrays.copyOf(full, 40))).contains("cut short");
        byte[] huge = full.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1);
        assertThat(refusal(huge)).contains("announces 4294967295 bytes");
        byte[] version4 = full.clone();
        version4[6] = 4;
        assertThat(refusal(version4)).contains("version 4.0 is not supported");
        assertThat(refusal(npy(1, dict("(65536, 65536, 65536, 65536)"), 1))).contains("more values than a body can");
        assertThat(refusal(npy(1, dict("(2, 4)"), 1, 2, 3))).contains("does not match its shape [2, 4]");
        assertThat(refusal(npy(1, dict("(99999999999, 1)"), 1))).contains("sizes from 0 to");
        assertThat(refusal(npy(1, dict("(-1, 1)"), 1))).contains("sizes from 0 to");
        assertThat(refusal(npy(1, dict("(1, x)"), 1))).contains("sizes from 0 to");
        assertThat(refusal(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 1, 2)))
                .contains("float32");
        assertThat(refusal(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", 1)))
                .contains("C order");
        assertThat(refusal(npy(1, "{'descr': '<f4', 'fortran_order': False}", 1))).contains("no shape");
        assertThat(refusal(npy(1, dict("(3,)"), 1, 2, 3))).contains("at least 2 axes");
        assertThat(refusal(npy(1, dict("(1, 2)"), 1, Float.NaN))).contains("value 1 is NaN");
        assertThat(refusal("not numpy at all".getBytes(StandardCharsets.US_ASCII))).contains("not a .npy file");
    }

    private static String refusal(byte[] body) {
        try {
            RowCodecs.fromNpy(body);
        } catch (InvalidInputException e) {
            assertThat(e.errors()).extracting(error -> error.field()).containsExactly("body");
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void rawRowsUseExactArithmeticForTheirShape() {
        byte[] twoRows = RowCodecs.toRaw(new float[] {1, 2, 3, 4, 5, 6});
        InputRows rows = RowCodecs.fromRaw(twoRows, "3", List.of(99));
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(RowCodecs.fromRaw(twoRows, null, List.of(1, 2, 3)).rows()).isEqualTo(1);
        // 65536 x 65536 overflows an int to 0; it is 2^32 values, 2^34 bytes
        InvalidInputException overflow = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromRaw(twoRows, "65536,65536", List.of(3)));
        assertThat(overflow.errors().get(0).field()).isEqualTo("X-Row-Shape");
        assertThat(overflow.getMessage()).contains("needs 17179869184 bytes; the body has 24");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromRaw(twoRows, "2147483647,2147483647,2147483647", List.of(3))).getMessage())
                .contains("needs more than");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromRaw(twoRows, "4", List.of(3))).getMessage())
                .contains("24 bytes are not whole rows of 4 float32 values");
        for (String bad : new String[] {"0", "-3", "abc", "99999999999", ",", ""}) {
            assertThatThrownBy(() -> RowCodecs.fromRaw(twoRows, bad, List.of(3))).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void pngsAnnouncingHugeImagesAreRefusedBeforeDecoding() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        byte[] png = out.toByteArray();
        assertThat(RowCodecs.fromPng(png, List.of(1, 8, 8)).values()).hasSize(64);
        // IHDR: 8 bytes of signature, length, "IHDR", then width and height, then the chunk's CRC
        ByteBuffer header = ByteBuffer.wrap(png);
        header.putInt(16, 1 << 30).putInt(20, 1 << 30);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        header.putInt(29, (int) crc.getValue());
        InvalidInputException huge = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromPng(png, List.of(1, 8, 8)));
        assertThat(huge.getMessage()).contains("the image is 1073741824x1073741824; the model takes 8x8");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromPng(java.util.Arrays.copyOf(out.toByteArray(), 40), List.of(1, 8, 8)))
                .getMessage()).contains("not a readable PNG");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromPng(out.toByteArray(), List.of(16))).getMessage()).contains("[channels, height");
    }

    @Test
    void pngsAreReadPlaneByPlaneInZeroToOneAndWrittenClipped() throws Exception {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x0033FF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", out);
        // [C, H, W]: all red values first, then green, then blue
        assertThat(RowCodecs.fromPng(out.toByteArray(), List.of(3, 1, 2)).values())
                .containsExactly(1f, 0f, 0f, 0.2f, 0f, 1f);
        // one channel: the luma of each pixel, 0.299 R + 0.587 G + 0.114 B
        float[] luma = RowCodecs.fromPng(out.toByteArray(), List.of(1, 1, 2)).values();
        assertThat(luma[0]).isCloseTo(0.299f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(luma[1]).isCloseTo((0.587f * 51 + 0.114f * 255) / 255, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromPng(out.toByteArray(), List.of(2, 1, 2))).getMessage()).contains("1 or 3 channels");

        byte[] png = RowCodecs.toPng(new float[] {-0.5f, 0.2f, 1.7f}, List.of(1, 1, 3));
        BufferedImage written = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(written.getRaster().getPixels(0, 0, 3, 1, (int[]) null)).containsExactly(0, 51, 255);
        assertThat(RowCodecs.fromPng(png, List.of(1, 1, 3)).values()).containsExactly(0f, 0.2f, 1f);
    }

    @Test
    void rowShapesMayBeWrittenWithCommasSpacesOrXAndNpyAnswersKeepTheRowShape() {
        byte[] four = RowCodecs.toRaw(new float[] {1, 2, 3, 4});
        for (String shape : new String[] {"1,2,2", "1x2x2", "1 2 2", " 1, 2, 2 "}) {
            assertThat(RowCodecs.fromRaw(four, shape, List.of(4)).rowShape()).as(shape).containsExactly(1, 2, 2);
        }
        Npy.Array answer = Npy.read(RowCodecs.toNpy(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, List.of(1, 2, 2)));
        assertThat(answer.shape()).containsExactly(2, 1, 2, 2);
        assertThat(answer.values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> RowCodecs.fromRaw(RowCodecs.toRaw(new float[] {1, Float.POSITIVE_INFINITY}), null, List.of(2)))
                .getMessage()).contains("value 1 is Infinity");
    }
}
