package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.core.io.NumberOutput;

/**
 * Nanoseconds per float of the service's shortest-decimal writer against Jackson's, on the numbers of a 256-row
 * Fashion-MNIST reconstruction (sigmoid outputs, a third of them small), written row by row as the service writes
 * them: the two in turn, round after round, in one JVM. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=FloatWritingBenchmark}.
 */
@Tag("benchmark")
class FloatWritingBenchmark {

    static final int ROWS = 256;
    static final int WIDTH = 784;
    static final int VALUES = ROWS * WIDTH;
    static final int ROUNDS = 60;

    @Test
    void printNanosecondsPerFloat() {
        Random random = new Random(1);
        float[] values = new float[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = i % 3 == 0 ? (float) (random.nextDouble() * 1e-3)
                    : (float) (1 / (1 + Math.exp(-3 * random.nextGaussian())));
        }
        float[][] rows = new float[ROWS][];
        for (int row = 0; row < ROWS; row++) {
            rows[row] = Arrays.copyOfRange(values, row * WIDTH, (row + 1) * WIDTH);
        }
        byte[] out = new byte[VALUES * (ShortestFloat.MAX_LENGTH + 1) + ShortestFloat.ROOM];
        double service = 0;
        double jackson = 0;
        long checksum = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            int at = 0;
            for (float[] row : rows) {
                at = ShortestFloat.writeAll(row, out, at);
                out[at++] = ',';
            }
            long middle = System.nanoTime();
            long length = 0;
            for (float value : values) {
                length += NumberOutput.toString(value, true).getBytes(StandardCharsets.US_ASCII).length + 1;
            }
            long end = System.nanoTime();
            assertThat(length).isEqualTo(at);
            checksum += at;
            if (round >= ROUNDS / 2) {
                service += middle - start;
                jackson += end - middle;
            }
        }
        double counted = (double) VALUES * (ROUNDS - ROUNDS / 2);
        System.out.printf("shortest float text, %d values, last %d of %d rounds (%d bytes): service %.1f ns per float,"
                + " Jackson %.1f ns per float, %.2fx%n", VALUES, ROUNDS - ROUNDS / 2, ROUNDS, checksum,
                service / counted, jackson / counted, jackson / service);
    }
}
