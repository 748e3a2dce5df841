package io.aeserve.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actions repeated with a fixed delay on one daemon thread of their own, for looking at what other replicas share:
 * a round that fails (the database or the bucket away for a moment) is logged, and the next round runs anyway.
 */
public final class Repeated implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Repeated.class);

    private final ScheduledExecutorService timer;

    public Repeated(String threadName) {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code action} every {@code delay} (at least 10 ms) after the previous round ended. */
    public void every(Duration delay, String what, Runnable action) {
        long millis = Math.max(10, delay.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("Could not {}: {}", what, e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the rounds; one under way is interrupted. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
