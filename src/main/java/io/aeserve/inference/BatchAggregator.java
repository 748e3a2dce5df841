package io.aeserve.inference;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.LoadedModel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching for one model version: concurrent forward requests wait in a bounded queue; each of a few
 * workers takes the first, takes what is already queued up to a full batch, and when that is not full and others
 * were queued behind the first (a backlog), sleeps out the rest of the wait once and takes more; then it runs a
 * single forward pass and hands each caller its own rows. A request that finds the queue otherwise empty runs at
 * once.
 * Requests asking for different outputs share a pass that computes what any of them asked for; the batcher never
 * looks inside a result, it only slices rows. Several workers run passes side by side, each on its share of the
 * engine's threads, so that one pass computes while the service reads and writes the requests of another. Closing
 * stops new requests and drains those already queued. Whatever a forward pass throws, errors included, fails that
 * batch's requests only: the worker lives on. A request waits for its answer at most the configured timeout.
 */
final class BatchAggregator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchAggregator.class);

    /** Makes the batcher of a newly loaded version. */
    interface Factory {
        BatchAggregator create(String model, int version, LoadedModel loaded);
    }

    /**
     * How many forward passes run at once, and what each worker thread does before its first pass (such as choosing
     * its engine threads).
     */
    record Workers(int count, Runnable onStart) {}

    /** The forward pass the batcher runs: rows, row after row, to the outputs asked for. */
    @FunctionalInterface
    interface Forward {
        ForwardResult run(float[] rows, int count, Set<ForwardOutput> wanted);
    }

    private record Pending(float[] rows, int count, Set<ForwardOutput> wanted, long enqueuedNanos,
            CompletableFuture<ForwardResult> result) {}

    private final Forward forward;
    private final int maxRows;
    private final long maxWaitNanos;
    private final long answerTimeoutNanos;
    private final ArrayBlockingQueue<Pending> queue;
    private final InferenceMetrics.BatchMeters meters;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closing;

    BatchAggregator(String name, LoadedModel loaded, InferenceProperties.Batching settings, Workers workers,
            InferenceMetrics.BatchMeters meters) {
        this(name, loaded::forward, settings, workers, meters);
    }

    BatchAggregator(String name, Forward forward, InferenceProperties.Batching settings, Workers workers,
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
        for (int i = 1; i <= Math.max(1, workers.count()); i++) {
            Thread worker = new Thread(() -> {
                try {
                    workers.onStart().run();
                } catch (RuntimeException e) {
                    log.warn("A batcher worker could not prepare its thread; it runs as it is", e);
                }
                new Worker().work();
            }, "batcher-" + name + "-" + i);
            worker.setDaemon(true);
            this.workers.add(worker);
        }
        this.workers.forEach(Thread::start);
    }

    /**
     * Runs the rows in the next batch and waits for their share of the result: 429 when the queue is full or the
     * answer takes longer than the timeout.
     */
    ForwardResult submit(float[] rows, int count, Set<ForwardOutput> wanted) {
        if (closing) {
            return forward.run(rows, count, wanted);
        }
        Pending pending = new Pending(rows, count, wanted, System.nanoTime(), new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new CapacityExceededException("Too many requests are waiting for this model; retry shortly", 1);
        }
        if (closing && workers.stream().noneMatch(Thread::isAlive) && queue.remove(pending)) {
            // the workers stopped between the check above and the offer: nobody else will run it
            return forward.run(rows, count, wanted);
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

    /** One worker's loop; a request taken from the queue that did not fit its batch waits here for the next. */
    private final class Worker {

        private Pending carried;

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
            boolean backlog = carried != null;
            Pending first = backlog ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
            carried = null;
            List<Pending> batch = new ArrayList<>();
            if (first == null) {
                return batch;
            }
            batch.add(first);
            int rows = first.count();
            // waiting for more pays only when requests come faster than passes finish: a request that finds no other
            // one queued behind it runs at once
            backlog |= !queue.isEmpty();
            long deadline = System.nanoTime() + (backlog ? maxWaitNanos : 0);
            while (rows < maxRows) {
                Pending next = queue.poll();
                if (next == null) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    // one sleep for the rest of the wait rather than a wake-up per request that joins: callers that
                    // queue meanwhile find no waiting worker to signal
                    LockSupport.parkNanos(BatchAggregator.this, remaining);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    continue;
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
                only.result().complete(forward.run(only.rows(), only.count(), only.wanted()));
                return;
            }
            int width = batch.get(0).rows().length / batch.get(0).count();
            float[] rows = new float[total * width];
            Set<ForwardOutput> wanted = EnumSet.noneOf(ForwardOutput.class);
            int offset = 0;
            for (Pending pending : batch) {
                System.arraycopy(pending.rows(), 0, rows, offset * width, pending.count() * width);
                wanted.addAll(pending.wanted());
                offset += pending.count();
            }
            ForwardResult merged = forward.run(rows, total, wanted);
            offset = 0;
            for (Pending pending : batch) {
                pending.result().complete(merged.slice(offset, pending.count(), pending.wanted()));
                offset += pending.count();
            }
        } catch (Throwable e) {
            if (e instanceof Error) {
                log.error("A forward pass failed; its {} request(s) get the error, the batcher goes on", batch.size(),
                        e);
            }
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }

    /** Refuses new work, finishes what is queued, and stops the workers. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (Thread worker : workers) {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.close();
    }
}
