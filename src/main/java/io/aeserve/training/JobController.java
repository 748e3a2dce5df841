package io.aeserve.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Training")
class JobController {

    private static final long EVENT_STREAM_TIMEOUT = Duration.ofHours(6).toMillis();

    private final TrainingJobService jobs;

    JobController(TrainingJobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    @Operation(summary = "List jobs", description = "Newest first.")
    List<JobResponse> list(@Parameter(description = "only this model's jobs") @RequestParam(required = false) String model) {
        return jobs.list(model);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job", description = "State, per-epoch history with each loss term, samples/s and ETA.")
    JobResponse get(@PathVariable String id) {
        return jobs.get(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "A queued job is cancelled at once, a running one within one batch.")
    JobResponse cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a job as Server-Sent Events", description = """
            A `progress` event with the job now and after every change, then one `done` event with the finished \
            job, and the stream ends.""")
    SseEmitter events(@PathVariable String id) {
        jobs.get(id);
        SseEmitter emitter = new SseEmitter(EVENT_STREAM_TIMEOUT);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Consumer<JobResponse>> self = new AtomicReference<>();
        Consumer<JobResponse> subscriber = job -> {
            if (done.get()) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name("progress").data(job, MediaType.APPLICATION_JSON));
                if (job.state().isFinished() && done.compareAndSet(false, true)) {
                    emitter.send(SseEmitter.event().name("done").data(job, MediaType.APPLICATION_JSON));
                    emitter.complete();
                    jobs.unsubscribe(id, self.get());
                }
            } catch (IOException | IllegalStateException e) {
                done.set(true);
                jobs.unsubscribe(id, self.get());
            }
        };
        self.set(subscriber);
        emitter.onCompletion(() -> jobs.unsubscribe(id, subscriber));
        emitter.onTimeout(() -> jobs.unsubscribe(id, subscriber));
        jobs.subscribe(id, subscriber);
        return emitter;
    }
}
