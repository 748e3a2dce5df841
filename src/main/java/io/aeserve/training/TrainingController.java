package io.aeserve.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Training", description = "Train models as asynchronous jobs")
class TrainingController {

    private final TrainingJobService jobs;

    TrainingController(TrainingJobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/api/v1/models/{name}/train")
    @Operation(summary = "Start training a new version", description = """
            Checks the data against the model (400 when its width or shape does not fit) and queues a job \
            (429 with Retry-After when the queue is full). Follow it at the `Location`, or as Server-Sent Events at \
            `/api/v1/jobs/{id}/events`. A successful job writes the model's next version.""")
    ResponseEntity<JobResponse> train(@PathVariable String name, @Valid @RequestBody TrainRequest request) {
        JobResponse job = jobs.submit(name, request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }
}
