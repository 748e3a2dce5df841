package io.aeserve.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy's .npy format for float32 arrays in C order: what Python reads with {@code numpy.load}. */
public final class Npy {

    /** The media type of .npy bodies. */
    public static final String MEDIA_TYPE = "application/x-npy";

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** A float32 array and its shape. */
    public record Array(float[] values, List<Integer> shape) {}

    private Npy() {}

    public static byte[] write(float[] values, List<Integer> shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.size(); i++) {
            dims.append(i == 0 ? "" : ", ").append(shape.get(i));
        }
        dims.append(shape.size() == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /** Reads a float32 C-order .npy; throws IllegalArgumentException saying what is wrong otherwise. */
    public static Array read(byte[] bytes) {
        if (bytes.length < 10 || bytes[0] != (byte) 0x93
                || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IllegalArgumentException("not a .npy file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
        int start = major == 1 ? 10 : 12;
        if (start + headerLength > bytes.length) {
            throw new IllegalArgumentException("the .npy header is cut short");
        }
        String header = new String(bytes, start, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IllegalArgumentException("a .npy array must be little-endian float32 ('<f4') in C order");
        }
        Matcher matcher = SHAPE.matcher(header);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the .npy header has no shape");
        }
        List<Integer> shape = new ArrayList<>();
        long count = 1;
        for (String part : matcher.group(1).split(",")) {
            if (!part.isBlank()) {
                int dim = Integer.parseInt(part.strip());
                shape.add(dim);
                count *= dim;
            }
        }
        if (start + headerLength + count * 4 != bytes.length) {
            throw new IllegalArgumentException("the .npy data does not match its shape " + shape);
        }
        float[] values = new float[(int) count];
        buffer.position(start + headerLength);
        buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Array(values, List.copyOf(shape));
    }
}
