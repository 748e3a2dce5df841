package io.aeserve.inference;

import io.aeserve.error.CapacityExceededException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inference rows being computed or waiting, over all models, bounded by
 * {@code aeserve.limits.max-rows-in-flight}: a request that would go beyond it is refused at once with 429, never
 * queued without bound. Rows of a heavy score count several times (its
 * {@link io.aeserve.score.AnomalyScore#rowCost}). A request heavier than the whole limit still runs when nothing
 * else does, so no request is refused forever.
 */
final class RowsInFlight {

    private final long max;
    private final AtomicLong current = new AtomicLong();

    RowsInFlight(long max) {
        this.max = Math.max(1, max);
    }

    /** Holds {@code weight} rows until the permit is closed, or throws {@link CapacityExceededException}. */
    Permit acquire(long weight) {
        long held = Math.max(0, Math.min(weight, max));
        while (true) {
            long now = current.get();
            if (now + held > max) {
                throw new CapacityExceededException("The service is computing " + now + " rows at its limit of "
                        + max + " (aeserve.limits.max-rows-in-flight); this request needs " + held
                        + "; retry shortly", 1);
            }
            if (current.compareAndSet(now, now + held)) {
                return new Permit(held);
            }
        }
    }

    /** Rows held now. */
    long current() {
        return current.get();
    }

    /** Rows held by one request; closing gives them back, once. */
    final class Permit implements AutoCloseable {
        private final long held;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(long held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                current.addAndGet(-held);
            }
        }
    }
}
