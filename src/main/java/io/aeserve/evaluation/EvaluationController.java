package io.aeserve.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Evaluation", description = "Measure a version's anomaly scores against labelled data")
class EvaluationController {

    private final EvaluationService evaluation;

    EvaluationController(EvaluationService evaluation) {
        this.evaluation = evaluation;
    }

    @PostMapping("/api/v1/models/{name}/versions/{version}/evaluate")
    @Operation(summary = "Evaluate a version on labelled data", description = """
            Scores every row of a labelled dataset with each score the version has (or those in `scores`) and \
            reports, per score: AUROC, average precision, precision at k (k = the number of anomalies), the \
            F1-optimal threshold with its precision, recall and F1, with `fpr` the threshold that keeps the false \
            positive rate on the normal rows at most that, and the ROC and precision-recall curves (at most 200 \
            points each) for plotting. Anomalies are the rows whose label is in `anomalyLabels`, or not in \
            `normalLabels`. Store a threshold found here with `PUT .../versions/{version}/threshold` and rule \
            `calibrated`. Runs while the request waits, up to `aeserve.evaluation.max-rows` rows (400 beyond).""")
    EvaluationReport evaluate(@PathVariable String name, @PathVariable int version,
            @Valid @RequestBody EvaluateRequest request) {
        return evaluation.evaluate(name, version, request);
    }
}
