package io.aeserve.scoring;

import io.aeserve.error.InvalidInputException;
import io.aeserve.storage.Npy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@Tag(name = "Score jobs", description = """
        Score every row of a dataset as a job, of any size: rows stream through the model in batches and the \
        results are written as they come. Jobs live on the replica that runs them; results, once a job has \
        succeeded, are stored until deleted.""")
class ScoreJobController {

    private final ScoreJobService jobs;

    ScoreJobController(ScoreJobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/api/v1/models/{name}/score-jobs")
    @Operation(summary = "Score a whole dataset", description = """
            Checks the request on the dataset's first row (400 for a bad score, threshold or row width, 404 for a \
            missing model, version or dataset) and queues a job (429 with Retry-After when the queue is full) on \
            the version asked for, else the one served now. Each row gets its score, its flag (1 above the \
            threshold, else 0) and its percentile among the training rows' scores; `codes` and `featureErrors` add \
            the code and the error of every value. Follow it at the `Location`; download the results from \
            `/api/v1/score-jobs/{id}/results` as CSV or .npy.""")
    ResponseEntity<ScoreJobResponse> submit(@PathVariable String name, @Valid @RequestBody ScoreJobRequest request) {
        ScoreJobResponse job = jobs.submit(name, request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/score-jobs/" + job.id())).body(job);
    }

    @GetMapping("/api/v1/score-jobs")
    @Operation(summary = "List the score jobs this replica knows", description = "Newest first.")
    List<ScoreJobResponse> list() {
        return jobs.list();
    }

    @GetMapping("/api/v1/score-jobs/{id}")
    @Operation(summary = "Get a score job", description = "Its state and progress: `rowsDone` of `rows`.")
    ScoreJobResponse get(@PathVariable String id) {
        return jobs.get(id);
    }

    @PostMapping("/api/v1/score-jobs/{id}/cancel")
    @Operation(summary = "Cancel a score job", description = "It stops at its next batch and leaves no results.")
    ScoreJobResponse cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }

    @DeleteMapping("/api/v1/score-jobs/{id}")
    @Operation(summary = "Delete a finished score job and its results", description = "409 while it runs.")
    ResponseEntity<Void> delete(@PathVariable String id) {
        jobs.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/score-jobs/{id}/results")
    @Operation(summary = "Download a score job's results", description = """
            `format=csv` (default): a header `row,score,anomaly,percentile[,code_i...][,error_j...]`, then one line \
            per dataset row in its order. `format=npy`: a float32 array of shape (rows, columns), columns as in the \
            job's `columns`. Streamed, whatever the size; 409 until the job has succeeded.""")
    ResponseEntity<StreamingResponseBody> results(@PathVariable String id,
            @Parameter(description = "csv or npy") @RequestParam(defaultValue = "csv") String format) {
        String chosen = format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!chosen.equals("csv") && !chosen.equals("npy")) {
            throw new InvalidInputException("format", "must be csv or npy, not '" + format + "'");
        }
        ScoreJobResponse job = jobs.finished(id);
        ScoreResults results = jobs.results();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(id + "." + chosen).build().toString());
        if (chosen.equals("npy")) {
            long size = results.size(id);
            return response.contentType(MediaType.parseMediaType(Npy.MEDIA_TYPE)).contentLength(size)
                    .body(out -> {
                        try (InputStream in = results.open(id)) {
                            in.transferTo(out);
                        }
                    });
        }
        return response.contentType(new MediaType("text", "csv"))
                .body(out -> {
                    try (InputStream in = results.open(id)) {
                        ResultsCsv.write(in, job.columns(), out);
                    }
                });
    }
}
