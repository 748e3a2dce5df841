package io.aeserve.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format for float32 arrays in C order: what Python reads with {@code numpy.load}. Reading trusts
 * nothing in the file: every length is checked against the bytes there are before it is used, so a cut or
 * forged file is refused with a message, never read past its end or allowed to allocate what it announces.
 */
public final class Npy {

    /** The media type of .npy bodies. */
    public static final String MEDIA_TYPE = "application/x-npy";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(\\w+)");
    private static final Pattern DIMENSION = Pattern.compile("\\d{1,10}");

    /** A float32 array and its shape. */
    public record Array(float[] values, List<Integer> shape) {}

    private Npy() {}

    public static byte[] write(float[] values, List<Integer> shape) {
        byte[] header = header(shape);
        ByteBuffer buffer = ByteBuffer.allocate(header.length + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(header);
        Float32Codec.encode(values, buffer);
        return buffer.array();
    }

    /**
     * The bytes before the values of a float32 C-order array of this shape, format version 1.0: for writers that
     * stream the values after it. Its length is a multiple of 64.
     */
    public static byte[] header(List<Integer> shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.size(); i++) {
            dims.append(i == 0 ? "" : ", ").append(shape.get(i));
        }
        dims.append(shape.size() == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }

    /**
     * Reads a float32 C-order .npy of format version 1, 2 or 3 (2 and 3 have a 4-byte header length, 3 a UTF-8
     * header); throws IllegalArgumentException saying what is wrong otherwise.
     */
    public static Array read(byte[] bytes) {
        if (bytes.length < MAGIC.length + 2 || !startsWithMagic(bytes)) {
            throw new IllegalArgumentException("not a .npy file (it must start with \\x93NUMPY)");
        }
        int major = Byte.toUnsignedInt(bytes[6]);
        int minor = Byte.toUnsignedInt(bytes[7]);
        if (major < 1 || major > 3) {
            throw new IllegalArgumentException("the .npy format version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int start = 8 + lengthBytes;
        if (bytes.length < start) {
            throw new IllegalArgumentException("the .npy file ends inside its header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? Short.toUnsignedLong(buffer.getShort(8))
                : Integer.toUnsignedLong(buffer.getInt(8));
        if (headerLength > bytes.length - start) {
            throw new IllegalArgumentException("the .npy header is cut short: it announces " + headerLength
                    + " bytes; " + (bytes.length - start) + " follow");
        }
        int dataStart = start + (int) headerLength;
        String header = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        if (!descr.find() || !descr.group(1).equals("<f4")) {
            throw new IllegalArgumentException("a .npy array must be little-endian float32 ('<f4'), not "
                    + (descr.find(0) ? "'" + descr.group(1) + "'" : "an array without 'descr'"));
        }
        Matcher fortran = FORTRAN.matcher(header);
        if (fortran.find() && !fortran.group(1).equals("False")) {
            throw new IllegalArgumentException("a .npy array must be in C order ('fortran_order': False)");
        }
        Matcher matcher = SHAPE.matcher(header);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the .npy header has no shape");
        }
        List<Integer> shape = shape(matcher.group(1));
        long available = bytes.length - dataStart;
        long count = 1;
        try {
            for (int dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            if (Math.multiplyExact(count, Float.BYTES) != available) {
                throw new IllegalArgumentException("the .npy data does not match its shape " + shape + ": "
                        + count + " float32 values need " + count * Float.BYTES + " bytes; " + available
                        + " follow the header");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the .npy shape " + shape + " holds more values than a body can");
        }
        return new Array(Float32Codec.decode(bytes, dataStart, (int) count), List.copyOf(shape));
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The dimensions of a Python tuple's inside, such as {@code 3, 16} or {@code 4,}. */
    private static List<Integer> shape(String tuple) {
        List<Integer> shape = new ArrayList<>();
        String[] parts = tuple.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty() && i == parts.length - 1) {
                continue;
            }
            if (!DIMENSION.matcher(part).matches() || Long.parseLong(part) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the .npy shape (" + abbreviate(tuple)
                        + ") must hold sizes from 0 to " + Integer.MAX_VALUE);
            }
            shape.add(Integer.parseInt(part));
        }
        if (shape.size() > 32) {
            throw new IllegalArgumentException("the .npy shape has " + shape.size() + " axes; NumPy allows 32");
        }
        return shape;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
