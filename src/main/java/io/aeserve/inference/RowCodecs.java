package io.aeserve.inference;

import io.aeserve.error.InvalidInputException;
import io.aeserve.storage.Float32Codec;
import io.aeserve.storage.Npy;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Rows in the non-JSON formats: raw little-endian float32 with the row shape in a header, NumPy {@code .npy}
 * (float32, C order), and PNG images (one grayscale or RGB image, scaled to [0, 1]).
 */
final class RowCodecs {

    static final String OCTET_STREAM = "application/octet-stream";
    static final String NPY = Npy.MEDIA_TYPE;
    static final String PNG = "image/png";
    static final String ROW_SHAPE_HEADER = "X-Row-Shape";

    private RowCodecs() {}

    /** Raw float32 rows; the row shape comes from the header, else the model's input shape. */
    static InputRows fromRaw(byte[] body, String shapeHeader, List<Integer> modelShape) {
        List<Integer> shape = shapeHeader != null ? parseShape(shapeHeader) : modelShape;
        long rowBytes = rowBytes(shape);
        if (rowBytes > body.length) {
            throw new InvalidInputException(shapeHeader != null ? ROW_SHAPE_HEADER : "body", "a row of shape "
                    + shape + " needs " + (rowBytes == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE
                    : Long.toString(rowBytes)) + " bytes; the body has " + body.length);
        }
        if (body.length % rowBytes != 0) {
            throw new InvalidInputException("body", body.length + " bytes are not whole rows of " + rowBytes / 4
                    + " float32 values");
        }
        return new InputRows(checkFinite(Float32Codec.decode(body)), (int) (body.length / rowBytes), shape);
    }

    /** The bytes of one float32 row of this shape, or Long.MAX_VALUE when that does not fit a long. */
    private static long rowBytes(List<Integer> shape) {
        long bytes = Float.BYTES;
        try {
            for (int dim : shape) {
                bytes = Math.multiplyExact(bytes, dim);
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return bytes;
    }

    static InputRows fromNpy(byte[] body) {
        Npy.Array array;
        try {
            array = Npy.read(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("body", e.getMessage());
        }
        if (array.shape().size() < 2) {
            throw new InvalidInputException("body", "a .npy body holds rows: shape (rows, ...) with at least 2 axes");
        }
        checkFinite(array.values());
        List<Integer> rowShape = array.shape().subList(1, array.shape().size());
        return new InputRows(array.values(), array.shape().get(0), List.copyOf(rowShape));
    }

    /**
     * One image as one row of shape [channels, height, width], values in [0, 1]. The image's size is read from its
     * header and compared with the model's before any pixel is decoded, so a small file announcing a huge image
     * cannot make the decoder allocate it.
     */
    static InputRows fromPng(byte[] body, List<Integer> modelShape) {
        if (modelShape.size() != 3) {
            throw new InvalidInputException("body", "PNG input needs a model whose input is [channels, height, width]");
        }
        int channels = modelShape.get(0);
        int height = modelShape.get(1);
        int width = modelShape.get(2);
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("body", "PNG input needs a model with 1 or 3 channels; this one has "
                    + channels);
        }
        BufferedImage image = readPng(body, width, height, channels);
        float[] values = new float[channels * height * width];
        boolean gray = image.getRaster().getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (channels == 1) {
                    values[y * width + x] = gray ? sample(image.getRaster(), x, y)
                            : (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                } else {
                    values[y * width + x] = r / 255f;
                    values[height * width + y * width + x] = g / 255f;
                    values[2 * height * width + y * width + x] = b / 255f;
                }
            }
        }
        return new InputRows(values, 1, modelShape);
    }

    private static BufferedImage readPng(byte[] body, int width, int height, int channels) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no PNG decoder in this Java runtime");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(body))) {
            reader.setInput(in, true, true);
            int imageWidth = reader.getWidth(0);
            int imageHeight = reader.getHeight(0);
            if (imageWidth != width || imageHeight != height) {
                throw new InvalidInputException("body", "the image is " + imageWidth + "x" + imageHeight
                        + "; the model takes " + width + "x" + height + " with " + channels + " channel(s)");
            }
            BufferedImage image = reader.read(0);
            if (image == null) {
                throw new IOException("no image");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException("body", "is not a readable PNG image");
        } finally {
            reader.dispose();
        }
    }

    private static float sample(Raster raster, int x, int y) {
        int bits = raster.getSampleModel().getSampleSize(0);
        return raster.getSample(x, y, 0) / (float) ((1 << bits) - 1);
    }

    static byte[] toRaw(float[] values) {
        return Float32Codec.encode(values);
    }

    static byte[] toNpy(float[] values, int rows, List<Integer> rowShape) {
        List<Integer> shape = new ArrayList<>();
        shape.add(rows);
        shape.addAll(rowShape);
        return Npy.write(values, shape);
    }

    /** The first row as a PNG, values clipped to [0, 1]. */
    static byte[] toPng(float[] values, List<Integer> shape) {
        int channels = shape.get(0);
        int height = shape.get(1);
        int width = shape.get(2);
        BufferedImage image = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int index = y * width + x;
                if (channels == 1) {
                    image.getRaster().setSample(x, y, 0, toByte(values[index]));
                } else {
                    int plane = height * width;
                    image.setRGB(x, y, toByte(values[index]) << 16 | toByte(values[plane + index]) << 8
                            | toByte(values[2 * plane + index]));
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static int toByte(float value) {
        return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
    }

    private static float[] checkFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException("body", "value " + i + " is " + values[i] + "; only finite numbers are accepted");
            }
        }
        return values;
    }

    private static List<Integer> parseShape(String text) {
        List<Integer> shape = new ArrayList<>();
        for (String part : text.split("[,x ]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                int dim = Integer.parseInt(part.strip());
                if (dim <= 0) {
                    throw new NumberFormatException();
                }
                shape.add(dim);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(ROW_SHAPE_HEADER, "must be positive integers like 784 or 1,28,28, not '" + text + "'");
            }
        }
        if (shape.isEmpty()) {
            throw new InvalidInputException(ROW_SHAPE_HEADER, "is empty");
        }
        return shape;
    }
}
