package io.aeserve.model.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.aeserve.support.Engines;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class StructuralErrorTest {

    static final int CHANNELS = 2;
    static final int HEIGHT = 10;
    static final int WIDTH = 9;

    @Test
    void isOneMinusTheMeanSsimOverEveryWindow() {
        Random random = new Random(4);
        int rows = 3;
        float[] images = new float[rows * CHANNELS * HEIGHT * WIDTH];
        float[] reconstructions = new float[images.length];
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
            reconstructions[i] = Math.min(1, Math.max(0, images[i] + 0.3f * (float) random.nextGaussian()));
        }
        try (NDManager manager = Engines.cpu().newManager()) {
            Shape shape = new Shape(rows, CHANNELS, HEIGHT, WIDTH);
            float[] errors = StructuralError.perRow(manager.create(images, shape),
                    manager.create(reconstructions, shape)).toFloatArray();
            float[] perfect = StructuralError.perRow(manager.create(images, shape), manager.create(images, shape))
                    .toFloatArray();
            for (int r = 0; r < rows; r++) {
                assertThat(errors[r]).isCloseTo((float) (1 - meanSsim(images, reconstructions, r)),
                        Offset.offset(1e-4f));
                assertThat(perfect[r]).isCloseTo(0f, Offset.offset(1e-5f));
            }
        }
    }

    /** SSIM straight from its definition, window by window, with population (co)variances. */
    private static double meanSsim(float[] x, float[] y, int row) {
        int w = StructuralError.WINDOW;
        double c1 = 1e-4;
        double c2 = 9e-4;
        double sum = 0;
        int windows = 0;
        for (int c = 0; c < CHANNELS; c++) {
            int base = (row * CHANNELS + c) * HEIGHT * WIDTH;
            for (int top = 0; top + w <= HEIGHT; top++) {
                for (int left = 0; left + w <= WIDTH; left++) {
                    double mx = 0;
                    double my = 0;
                    for (int i = top; i < top + w; i++) {
                        for (int j = left; j < left + w; j++) {
                            mx += x[base + i * WIDTH + j];
                            my += y[base + i * WIDTH + j];
                        }
                    }
                    mx /= w * w;
                    my /= w * w;
                    double vx = 0;
                    double vy = 0;
                    double cov = 0;
                    for (int i = top; i < top + w; i++) {
                        for (int j = left; j < left + w; j++) {
                            double dx = x[base + i * WIDTH + j] - mx;
                            double dy = y[base + i * WIDTH + j] - my;
                            vx += dx * dx;
                            vy += dy * dy;
                            cov += dx * dy;
                        }
                    }
                    vx /= w * w;
                    vy /= w * w;
                    cov /= w * w;
                    sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    windows++;
                }
            }
        }
        return sum / windows;
    }
}
