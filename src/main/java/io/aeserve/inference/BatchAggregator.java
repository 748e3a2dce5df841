package io.aeserve.inference;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.model.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching for one model version: concurrent forward requests wait in a bounded queue; one worker takes
 * the first, gathers more until the batch is full or the wait is over, runs a single forward pass and hands each
 * caller its own rows. Closing stops new requests and drains those already queued. Whatever a forward pass
 * throws, errors included, fails that batch's requests only: the worker lives on. A request waits for its answer
 * at most the configured timeout.
 */
final class BatchAggregator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchAggregator.class);

    /** Makes the batcher of a newly loaded version. */
    interface Factory {
        BatchAggregator create(String model, int version, LoadedModel loaded);
    }

    /** The forward pass the batcher runs: rows, row after row, to their reconstruction. */
    @FunctionalInterface
    interface Forward {
        LoadedModel.Reconstructed reconstruct(float[] rows, int count);
    }

    private record Pending(float[] rows, int count, long enqueuedNanos,
            CompletableFuture<LoadedModel.Reconstructed> result) {}

    private final Forward forward;
    private final int maxRows;
    private final long maxWaitNanos;
    private final long answerTimeoutNanos;
    private final ArrayBlockingQueue<Pending> queue;
    private final InferenceMetrics.BatchMeters meters;
    private final Thread worker;
    private volatile boolean closing;
    private Pending carried;

    BatchAggregator(String name, LoadedModel loaded, InferenceProperties.Batching settings,
            InferenceMetrics.BatchMeters meters) {
        this(name, (rows, count) -> loaded.reconstruct(rows, count, false), settings, meters);
    }

    BatchAggregator(String name, Forward forward, InferenceProperties.Batching settings,
            InferenceMetrics.BatchMeters meters) {
        this.forward = forward;
        this.maxRows = Math.max(1, settings.maxBatchRows());
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(settings.maxWaitMicros());
        java.time.Duration timeout = settings.answerTimeout();
        this.answerTimeoutNanos = timeout != null && timeout.compareTo(java.time.Duration.ZERO) > 0
                ? timeout.toNanos() : TimeUnit.SECONDS.toNanos(60);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
        this.meters = meters;
        meters.watchQueue(queue);
        this.worker = new Thread(this::work, "batcher-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Runs the rows in the next batch and waits for their share of the result: 429 when the queue is full or the
     * answer takes longer than the timeout.
     */
    LoadedModel.Reconstructed submit(float[] rows, int count) {
        if (closing) {
            return forward.reconstruct(rows, count);
        }
        Pending pending = new Pending(rows, count, System.nanoTime(), new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new CapacityExceededException("Too many requests are waiting for this model; retry shortly", 1);
        }
        if (closing && !worker.isAlive() && queue.remove(pending)) {
            // the worker stopped between the check above and the offer: nobody else will run it
            return forward.reconstruct(rows, count);
        }
        try {
            return pending.result().get(answerTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            queue.remove(pending);
            pending.result().cancel(false);
            throw new CapacityExceededException("The model did not answer within "
                    + TimeUnit.NANOSECONDS.toSeconds(answerTimeoutNanos) + " s; it is busy, retry shortly", 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.remove(pending);
            throw new CapacityExceededException("Interrupted while waiting for the model; retry shortly", 1);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void work() {
        while (!closing || !queue.isEmpty() || carried != null) {
            try {
                List<Pending> batch = gather();
                if (!batch.isEmpty()) {
                    run(batch);
                }
            } catch (InterruptedException e) {
                if (!closing) {
                    log.warn("Batcher interrupted while open");
                }
            } catch (Throwable e) {
                // run() answers its batch whatever happens; this keeps the worker alive past anything else
                log.error("Batcher failed outside a forward pass", e);
            }
        }
    }

    private List<Pending> gather() throws InterruptedException {
        Pending first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
        carried = null;
        List<Pending> batch = new ArrayList<>();
        if (first == null) {
            return batch;
        }
        batch.add(first);
        int rows = first.count();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (rows < maxRows) {
            Pending next = queue.poll();
            if (next == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || (next = queue.poll(remaining, TimeUnit.NANOSECONDS)) == null) {
                    break;
                }
            }
            if (rows + next.count() > maxRows) {
                carried = next;
                break;
            }
            batch.add(next);
            rows += next.count();
        }
        return batch;
    }

    private void run(List<Pending> batch) {
        long now = System.nanoTime();
        int total = 0;
        for (Pending pending : batch) {
            total += pending.count();
            meters.queued(now - pending.enqueuedNanos());
        }
        meters.batch(total);
        try {
            if (batch.size() == 1) {
                Pending only = batch.get(0);
                only.result().complete(forward.reconstruct(only.rows(), only.count()));
                return;
            }
            int width = batch.get(0).rows().length / batch.get(0).count();
            float[] rows = new float[total * width];
            int offset = 0;
            for (Pending pending : batch) {
                System.arraycopy(pending.rows(), 0, rows, offset * width, pending.count() * width);
                offset += pending.count();
            }
            LoadedModel.Reconstructed merged = forward.reconstruct(rows, total);
            offset = 0;
            for (Pending pending : batch) {
                int count = pending.count();
                pending.result().complete(new LoadedModel.Reconstructed(slice(merged.outputs(), total, offset, count),
                        slice(merged.errors(), total, offset, count), slice(merged.codes(), total, offset, count),
                        slice(merged.kl(), total, offset, count), slice(merged.structural(), total, offset, count),
                        null));
                offset += count;
            }
        } catch (Throwable e) {
            if (e instanceof Error) {
                log.error("A forward pass failed; its {} request(s) get the error, the batcher goes on", batch.size(),
                        e);
            }
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }

    /** Rows {@code offset} to {@code offset + count} of a merged result holding {@code total} rows. */
    private static float[] slice(float[] merged, int total, int offset, int count) {
        if (merged == null) {
            return null;
        }
        int width = merged.length / total;
        return java.util.Arrays.copyOfRange(merged, offset * width, (offset + count) * width);
    }

    /** Refuses new work, finishes what is queued, and stops the worker. */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.close();
    }
}
