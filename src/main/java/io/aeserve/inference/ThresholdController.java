package io.aeserve.inference;

import io.aeserve.score.ScoreCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models/{name}/versions/{version}/threshold")
@Tag(name = "Models", description = "Define models and manage their versions")
class ThresholdController {

    private final InferenceService inference;

    ThresholdController(InferenceService inference) {
        this.inference = inference;
    }

    @PutMapping
    @Operation(summary = "Store a version's default threshold for a score", description = """
            From now on anomaly-score (and the Open Inference Protocol) uses this threshold for the score on this \
            version when a request names none. The rule and value are checked against the version's training \
            scores (400 when they do not fit); the version's response lists its thresholds. `calibrated` takes a \
            threshold found by `POST .../versions/{version}/evaluate`; `fpr` a target false positive rate on the \
            training rows. Replaces the score's earlier default.""")
    InferenceResponses.DefaultThreshold set(@PathVariable String name, @PathVariable int version,
            @Valid @RequestBody InferenceRequests.DefaultThreshold request) {
        return inference.setDefaultThreshold(name, version, request.score(), request.rule(), request.value());
    }

    @DeleteMapping
    @Operation(summary = "Remove a version's default threshold for a score",
            description = "The score goes back to the 99th percentile of the training scores.")
    ResponseEntity<Void> clear(@PathVariable String name, @PathVariable int version,
            @Parameter(description = "the score; default reconstruction")
            @RequestParam(defaultValue = ScoreCatalog.DEFAULT_SCORE) String score) {
        inference.clearDefaultThreshold(name, version, score);
        return ResponseEntity.noContent().build();
    }
}
