package io.aeserve.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.aeserve.support.Engines;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FloatUploadTest {

    @Test
    void uploadsExactlyTheFloatsAskedForInTheShapeAskedFor() {
        Random random = new Random(1);
        try (NDManager manager = Engines.cpu().newManager()) {
            for (int[] dims : new int[][] {{1}, {3, 1}, {256, 784}, {2, 3, 28, 28}}) {
                Shape shape = new Shape(Arrays.stream(dims).asLongStream().toArray());
                int length = (int) shape.size();
                float[] values = randomFloats(random, length + 10);
                NDArray array = FloatUpload.of(manager, values, 7, length, shape);
                assertThat(array.getShape()).isEqualTo(shape);
                assertThat(array.getDataType()).isEqualTo(DataType.FLOAT32);
                assertThat(array.toFloatArray()).containsExactly(Arrays.copyOfRange(values, 7, 7 + length));
            }
        }
    }

    @Test
    void anArrayLargerThanAStagingBufferTakesTheEnginesWayWithTheSameResult() {
        int length = (FloatUpload.MAX_STAGING_BYTES / Float.BYTES / 5 + 1) * 5;
        float[] values = randomFloats(new Random(2), length);
        try (NDManager manager = Engines.cpu().newManager()) {
            float[] uploaded = FloatUpload.of(manager, values, 0, length, new Shape(5, length / 5)).toFloatArray();
            assertThat(Arrays.mismatch(uploaded, values)).as("first index that differs").isEqualTo(-1);
        }
    }

    @Test
    void theArrayOwnsItsMemory() {
        float[] values = {1, 2, 3, 4};
        try (NDManager manager = Engines.cpu().newManager()) {
            NDArray first = FloatUpload.of(manager, values, 0, 4, new Shape(4));
            // the staging buffer the first went through is reused by the second
            NDArray second = FloatUpload.of(manager, new float[] {9, 9, 9, 9}, 0, 4, new Shape(4));
            values[0] = 100;
            assertThat(first.toFloatArray()).containsExactly(1, 2, 3, 4);
            assertThat(second.toFloatArray()).containsExactly(9, 9, 9, 9);
        }
    }

    @Test
    void concurrentUploadsEachGetTheirOwnFloats() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (NDManager manager = Engines.cpu().newManager()) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int seed = t;
                checks.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                        int rows = 1 + random.nextInt(64);
                        float[] values = randomFloats(random, rows * 100);
                        try (NDManager own = manager.newSubManager()) {
                            NDArray array = FloatUpload.of(own, values, 0, values.length, new Shape(rows, 100));
                            if (!Arrays.equals(array.toFloatArray(), values)) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void manyUploadsLeaveNoDirectBufferPerUploadBehind() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        float[] batch = randomFloats(new Random(3), 256 * 784);
        try (NDManager manager = Engines.cpu().newManager()) {
            FloatUpload.of(manager, batch, 0, batch.length, new Shape(256, 784)).close();
            long before = direct.getCount();
            for (int i = 0; i < 300; i++) {
                FloatUpload.of(manager, batch, 0, batch.length, new Shape(256, 784)).close();
            }
            // the engine's way leaves one 800 kB direct buffer per upload until a collection finds it
            assertThat(direct.getCount() - before).isLessThanOrEqualTo(FloatUpload.MAX_KEPT_BUFFERS);
        }
    }

    @Test
    void aShapeThatDoesNotHoldTheFloatsIsRefused() {
        try (NDManager manager = Engines.cpu().newManager()) {
            assertThatThrownBy(() -> FloatUpload.of(manager, new float[6], 0, 6, new Shape(2, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4 values, not 6");
        }
    }

    private static float[] randomFloats(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
