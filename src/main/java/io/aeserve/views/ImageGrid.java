package io.aeserve.views;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Strips of image tiles drawn as one PNG: one strip per kind of image (originals, reconstructions, error maps),
 * one column per row of data, so a reconstruction sits right under its original. Each column is scaled by its
 * original's range, so reconstructions are seen in the same light; error maps go from black (none) to yellow (the
 * largest error in the grid), on a square-root scale so that small errors still show.
 */
final class ImageGrid {

    static final int GAP = 2;

    /** One strip: row after row of images, and whether they are errors to colour rather than pixels to show. */
    record Strip(float[] values, boolean errors) {}

    private static final int[][] HEAT = {{0, 0, 4}, {120, 28, 109}, {237, 105, 37}, {252, 255, 164}};

    private ImageGrid() {}

    /**
     * @param shape one image's [channels, height, width]; 1 or 3 channels are drawn as grey or colour, others by
     *     their first channel
     * @param ranges each column's [low, high] in the data's units, from its original
     */
    static byte[] png(List<Strip> strips, int columns, List<Integer> shape, float[][] ranges, int scale) {
        int channels = shape.get(0);
        int height = shape.get(1);
        int width = shape.get(2);
        int tileWidth = width * scale;
        int tileHeight = height * scale;
        BufferedImage image = new BufferedImage(columns * (tileWidth + GAP) + GAP,
                strips.size() * (tileHeight + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        for (int s = 0; s < strips.size(); s++) {
            Strip strip = strips.get(s);
            float maxError = strip.errors() ? max(strip.values()) : 0;
            for (int column = 0; column < columns; column++) {
                int offset = column * channels * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int rgb = strip.errors()
                                ? heat(errorAt(strip.values(), offset, channels, height * width, y * width + x),
                                        maxError)
                                : pixel(strip.values(), offset, channels, height * width, y * width + x,
                                        ranges[column]);
                        fill(image, GAP + column * (tileWidth + GAP) + x * scale,
                                GAP + s * (tileHeight + GAP) + y * scale, scale, rgb);
                    }
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

    /** The lowest and highest value of each row, to scale its images by. */
    static float[][] ranges(float[] values, int rows) {
        int width = values.length / rows;
        float[][] ranges = new float[rows][];
        for (int r = 0; r < rows; r++) {
            float low = Float.POSITIVE_INFINITY;
            float high = Float.NEGATIVE_INFINITY;
            for (int i = r * width; i < (r + 1) * width; i++) {
                low = Math.min(low, values[i]);
                high = Math.max(high, values[i]);
            }
            ranges[r] = new float[] {low, high > low ? high : low + 1};
        }
        return ranges;
    }

    private static int pixel(float[] values, int offset, int channels, int plane, int at, float[] range) {
        if (channels == 3) {
            return level(values[offset + at], range) << 16 | level(values[offset + plane + at], range) << 8
                    | level(values[offset + 2 * plane + at], range);
        }
        int grey = level(values[offset + at], range);
        return grey << 16 | grey << 8 | grey;
    }

    private static float errorAt(float[] values, int offset, int channels, int plane, int at) {
        float sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += Math.abs(values[offset + c * plane + at]);
        }
        return sum / channels;
    }

    private static int level(float value, float[] range) {
        float scaled = (value - range[0]) / (range[1] - range[0]);
        return Math.round(255 * Math.max(0, Math.min(1, Float.isFinite(scaled) ? scaled : 0)));
    }

    private static int heat(float error, float max) {
        float t = max > 0 ? (float) Math.sqrt(Math.max(0, Math.min(1, error / max))) * (HEAT.length - 1) : 0;
        int low = Math.min(HEAT.length - 2, (int) t);
        float f = t - low;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            rgb = rgb << 8 | Math.round(HEAT[low][c] + f * (HEAT[low + 1][c] - HEAT[low][c]));
        }
        return rgb;
    }

    private static float max(float[] values) {
        float max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static void fill(BufferedImage image, int left, int top, int scale, int rgb) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                image.setRGB(left + dx, top + dy, rgb);
            }
        }
    }
}
