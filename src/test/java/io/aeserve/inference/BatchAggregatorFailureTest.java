package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A batcher whose forward pass fails or hangs: callers get an answer in bounded time, the worker lives on. */
@Timeout(30)
class BatchAggregatorFailureTest {

    static ForwardResult identity(float[] rows, int count) {
        return new ForwardResult(count, Map.of(ForwardOutput.OUTPUTS, rows.clone()));
    }

    static final Set<ForwardOutput> OUTPUTS = Set.of(ForwardOutput.OUTPUTS);

    static BatchAggregator batcher(BatchAggregator.Forward forward, Duration timeout) {
        return new BatchAggregator("test", forward, new InferenceProperties.Batching(true, 16, 100, 64, timeout, 1),
                new BatchAggregator.Workers(1, () -> { }), new InferenceMetrics(new SimpleMeterRegistry()).batchMeters("test"));
    }

    @Test
    void anErrorInAForwardPassFailsItsBatchAndNotTheWorker() {
        AtomicInteger calls = new AtomicInteger();
        BatchAggregator batcher = batcher((rows, count, wanted) -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("deep");
            }
            return identity(rows, count);
        }, Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> batcher.submit(new float[] {1, 2}, 1, OUTPUTS)).isInstanceOf(StackOverflowError.class);
            long start = System.nanoTime();
            assertThat(batcher.submit(new float[] {3, 4}, 1, OUTPUTS).get(ForwardOutput.OUTPUTS)).containsExactly(3, 4);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(4));
        } finally {
            batcher.close();
        }
    }

    @Test
    void aRuntimeFailureReachesTheCallerAsItIs() {
        BatchAggregator batcher = batcher((rows, count, wanted) -> {
            throw new IllegalStateException("native failure");
        }, Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> batcher.submit(new float[] {1}, 1, OUTPUTS)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("native failure");
        } finally {
            batcher.close();
        }
    }

    @Test
    void aCallerWaitsNoLongerThanTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchAggregator batcher = batcher((rows, count, wanted) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return identity(rows, count);
        }, Duration.ofMillis(300));
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> batcher.submit(new float[] {1}, 1, OUTPUTS)).isInstanceOf(CapacityExceededException.class)
                    .hasMessageContaining("did not answer");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
            release.countDown();
            assertThat(batcher.submit(new float[] {5}, 1, OUTPUTS).get(ForwardOutput.OUTPUTS)).containsExactly(5);
        } finally {
            release.countDown();
            batcher.close();
        }
    }
}
