package io.aeserve.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Callers in a closed loop: each of some threads calls, waits for the answer and calls again until the time is up.
 * A call that throws or answers false counts as failed; every call's latency is kept.
 */
final class ClosedLoop {

    /** How one caller thread calls; made for each thread, closed when it is done. */
    @FunctionalInterface
    interface Caller extends AutoCloseable {
        boolean call() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    /** Makes the caller of each thread. */
    @FunctionalInterface
    interface Callers {
        Caller caller() throws Exception;
    }

    /** What a loop did: its calls, the failed ones, how long it ran, and every call's latency in order. */
    record Result(long calls, long failures, double seconds, long[] sortedLatencyNanos) {

        double perSecond() {
            return calls / seconds;
        }

        /** The latency below which the fraction {@code p} of calls answered, in milliseconds. */
        double percentileMillis(double p) {
            if (sortedLatencyNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sortedLatencyNanos.length - 1, Math.ceil(p * sortedLatencyNanos.length) - 1);
            return sortedLatencyNanos[Math.max(0, index)] / 1e6;
        }
    }

    private ClosedLoop() {}

    /** {@code threads} callers in a closed loop for {@code seconds}. */
    static Result run(Callers callers, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong failures = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long[] end = new long[1];
        List<Future<long[]>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                long[] latencies = new long[1 << 14];
                int count = 0;
                try (Caller caller = callers.caller()) {
                    start.await();
                    for (long begin = System.nanoTime(); begin < end[0]; begin = System.nanoTime()) {
                        boolean ok;
                        try {
                            ok = caller.call();
                        } catch (Exception e) {
                            ok = false;
                        }
                        if (!ok) {
                            failures.incrementAndGet();
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = System.nanoTime() - begin;
                    }
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        long begin = System.nanoTime();
        end[0] = begin + TimeUnit.SECONDS.toNanos(seconds);
        start.countDown();
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> caller : running) {
                all.add(caller.get());
            }
        } finally {
            pool.shutdown();
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(latencies.length, failures.get(), elapsed, latencies);
    }
}
