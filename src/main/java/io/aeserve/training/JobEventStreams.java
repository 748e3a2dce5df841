package io.aeserve.training;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.model.EpochRecord;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Event streams of jobs. A job only tells its streams that it changed; a small pool of sender threads
 * of their own writes the events, so training never waits for a client: a slow client falls behind and catches up
 * with one {@code progress} event per epoch it missed, a dead one is dropped when a write fails or the stream times
 * out. At most {@code maxStreamsPerJob} streams follow one job (429 beyond that).
 */
final class JobEventStreams implements AutoCloseable {

    private static final int SENDERS = 4;

    private final TrainingJobService jobs;
    private final int maxStreamsPerJob;
    private final long timeoutMillis;
    private final ThreadPoolExecutor senders;

    JobEventStreams(TrainingJobService jobs, int maxStreamsPerJob, long timeoutMillis) {
        this.jobs = jobs;
        this.maxStreamsPerJob = maxStreamsPerJob;
        this.timeoutMillis = timeoutMillis;
        AtomicInteger threads = new AtomicInteger();
        // one pending task per stream at most, so the queue is bounded by the streams open
        this.senders = new ThreadPoolExecutor(SENDERS, SENDERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "job-events-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.senders.allowCoreThreadTimeOut(true);
    }

    /** A stream of the job's events: its state now, each epoch as it finishes, then {@code done}. */
    SseEmitter open(String id) {
        TrainingJob job = jobs.job(id);
        Stream stream = new Stream(job, new SseEmitter(timeoutMillis));
        if (!job.listen(stream, maxStreamsPerJob)) {
            throw new CapacityExceededException("job '" + id + "' has " + maxStreamsPerJob + " event streams open"
                    + " already (aeserve.limits.max-subscribers-per-job); close one, or poll GET /api/v1/jobs/" + id,
                    5);
        }
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(error -> stream.close());
        stream.run();
        return stream.emitter;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }

    /** One client's stream; {@link #run} only schedules a send, {@link #send} runs on a sender thread. */
    private final class Stream implements Runnable {

        private final TrainingJob job;
        private final SseEmitter emitter;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean changed;
        private volatile boolean closed;
        // touched by one sender at a time, guarded by scheduled
        private boolean started;
        private int epochsSent;
        private JobState stateSent;

        Stream(TrainingJob job, SseEmitter emitter) {
            this.job = job;
            this.emitter = emitter;
        }

        /** Told of a change, on the thread that made it: schedules a send unless one is pending. */
        @Override
        public void run() {
            changed = true;
            schedule();
        }

        private void schedule() {
            if (!closed && scheduled.compareAndSet(false, true)) {
                try {
                    senders.execute(this::send);
                } catch (RejectedExecutionException e) {
                    close();
                }
            }
        }

        private void send() {
            try {
                while (changed && !closed) {
                    changed = false;
                    sendChanges();
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away, or the stream ended: nothing more to send
                close();
            } finally {
                scheduled.set(false);
            }
            if (changed) {
                schedule();
            }
        }

        private void sendChanges() throws IOException {
            TrainingJob.Progress progress = job.progressSince(epochsSent);
            JobResponse now = progress.job();
            if (!started) {
                started = true;
                progress(now, progress.latestEpoch());
            } else if (progress.newEpochs().isEmpty()) {
                if (now.state() != stateSent) {
                    progress(now, null);
                }
            } else {
                for (EpochRecord record : progress.newEpochs()) {
                    progress(now, record);
                }
            }
            epochsSent = now.epoch();
            stateSent = now.state();
            if (now.state().isFinished()) {
                emitter.send(SseEmitter.event().name("done").data(job.view(), MediaType.APPLICATION_JSON));
                close();
                emitter.complete();
            }
        }

        private void progress(JobResponse job, EpochRecord record) throws IOException {
            emitter.send(SseEmitter.event().name("progress").data(new JobProgress(job, record),
                    MediaType.APPLICATION_JSON));
        }

        void close() {
            closed = true;
            job.stopListening(this);
        }
    }
}
