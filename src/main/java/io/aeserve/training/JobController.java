package io.aeserve.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
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

    private final TrainingJobService jobs;
    private final JobEventStreams streams;

    JobController(TrainingJobService jobs, JobEventStreams streams) {
        this.jobs = jobs;
        this.streams = streams;
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
            First a `progress` event with the job as it is now, then one `progress` event per finished epoch and \
            one per change of state, then one `done` event with the finished job (history included), and the \
            stream ends. A client that connects after the job ended gets the first `progress` event and `done`.

            A `progress` event's data is the job as `GET /api/v1/jobs/{id}` shows it but without `history`, plus \
            `epochRecord`: the record of the epoch the event reports (`{epoch, trainLoss, validationLoss, seconds, \
            samplesPerSecond, terms, validationTerms}`; in the first event the latest epoch so far; absent when the \
            event reports a change of state only). The full history stays at `GET /api/v1/jobs/{id}`.

            Training never waits for a stream: a slow client gets the epochs it missed when it catches up. At most \
            `aeserve.limits.max-subscribers-per-job` streams follow one job; beyond that, 429.""")
    SseEmitter events(@PathVariable String id) {
        return streams.open(id);
    }
}
