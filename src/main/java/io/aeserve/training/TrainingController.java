package io.aeserve.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
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
    ResponseEntity<JobResponse> train(@PathVariable String name,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                @ExampleObject(name = "image anomaly detector", summary = "Recommended for small images", value = """
                        {"dataset": "fashion-mnist", "classes": [9], "epochs": 10, "batchSize": 128,
                         "learningRate": 0.001, "validationSplit": 0.05, "seed": 1}"""),
                @ExampleObject(name = "tabular anomaly detector", summary = "A starting point for tabular data",
                        value = """
                        {"dataset": "ds-3f2a9c1e07b4", "epochs": 300, "batchSize": 64, "validationSplit": 0.1,
                         "earlyStopping": {"patience": 10, "minDelta": 0.0001}, "seed": 1}"""),
                @ExampleObject(name = "image denoiser", summary = "Recommended for denoising small images",
                        value = """
                        {"dataset": "fashion-mnist", "epochs": 8, "batchSize": 128,
                         "validationSplit": 0.05, "seed": 1}""")}))
            @Valid @RequestBody TrainRequest request) {
        JobResponse job = jobs.submit(name, request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }
}
