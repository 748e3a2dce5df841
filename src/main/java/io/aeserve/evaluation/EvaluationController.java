package io.aeserve.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Evaluation", description = "Measure a version's anomaly scores against labelled data")
class EvaluationController {

    private final EvaluationService evaluation;
    private final EvaluationJobs jobs;
    private final EvaluationProperties properties;

    EvaluationController(EvaluationService evaluation, EvaluationJobs jobs, EvaluationProperties properties) {
        this.evaluation = evaluation;
        this.jobs = jobs;
        this.properties = properties;
    }

    @PostMapping("/api/v1/models/{name}/versions/{version}/evaluate")
    @Operation(summary = "Evaluate a version on labelled data", description = """
            Scores every row of a labelled dataset with each score the version has (or those in `scores`) and \
            reports, per score: AUROC, average precision, precision at k (k = the number of anomalies), the \
            F1-optimal threshold with its precision, recall and F1, with `fpr` the threshold that keeps the false \
            positive rate on the normal rows at most that, and the ROC and precision-recall curves (at most 200 \
            points each) for plotting. Anomalies are the rows whose label is in `anomalyLabels`, or not in \
            `normalLabels`. Store a threshold found here with `PUT .../versions/{version}/threshold` and rule \
            `calibrated`. Up to `aeserve.evaluation.sync-rows` rows the report is the answer (200); a larger \
            dataset, or `"async": true`, is evaluated as a job (202, `Location: /api/v1/evaluations/{id}`, whose \
            `report` is there once it has succeeded). The request is checked on the dataset's first row first, so \
            mistakes are a 4xx either way; beyond `aeserve.evaluation.max-rows`, 400.""")
    ResponseEntity<?> evaluate(@PathVariable String name, @PathVariable int version,
            @Valid @RequestBody EvaluateRequest request) {
        int rows = evaluation.check(name, version, request);
        if (rows <= properties.syncRows() && !Boolean.TRUE.equals(request.async())) {
            return ResponseEntity.ok(evaluation.evaluate(name, version, request, done -> {}));
        }
        EvaluationJobs.EvaluationJob job = jobs.submit(name, version, request, rows);
        return ResponseEntity.accepted().location(URI.create("/api/v1/evaluations/" + job.id())).body(job);
    }

    @GetMapping("/api/v1/evaluations/{id}")
    @Operation(summary = "Get an evaluation job", description = """
            Its state (`queued`, `running`, `succeeded`, `failed`), progress (`rowsDone` of `rows`) and, once it \
            has succeeded, the `report`. Jobs live in the memory of the replica that runs them.""")
    EvaluationJobs.EvaluationJob job(@PathVariable String id) {
        return jobs.get(id);
    }
}
