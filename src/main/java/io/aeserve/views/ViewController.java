package io.aeserve.views;

import io.aeserve.data.DataSelection;
import io.aeserve.inference.ThresholdRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models/{name}/versions/{version}/views")
@Tag(name = "Views", description = """
        Read-only pictures of what a version learned, computed on rows of a dataset (an uploaded one, or \
        `fashion-mnist` with `split=train|test`): what the dashboard at `/` draws. Row counts are bounded; a bad \
        parameter is a 400.""")
class ViewController {

    static final int MAX_GRID_ROWS = 32;
    static final int MAX_SCALE = 8;
    static final int MAX_MAP_ROWS = 2000;
    static final int MAX_SCORED_ROWS = 4000;
    static final int MAX_BINS = 200;
    static final int MAX_WORST = 32;

    private final ViewService views;

    ViewController(ViewService views) {
        this.views = views;
    }

    @GetMapping(path = "/reconstructions.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "Originals, reconstructions and error maps as one PNG", description = """
            Three strips of `rows` consecutive rows from row `from`: the originals, their reconstructions right \
            below, and each pixel's error by the model's loss (black: none, yellow: the largest in the grid). \
            For models trained with noise (denoisers), four strips: the rows corrupted by the model's noise, \
            what the model makes of them, the clean rows, and the difference between denoised and clean. \
            Image models, or dense models over an image dataset. Example: \
            `/api/v1/models/fmnist-dense/versions/1/views/reconstructions.png?dataset=fashion-mnist&split=test&rows=8`""",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
                    schema = @Schema(type = "string", format = "binary"))))
    ResponseEntity<byte[]> reconstructions(@Parameter(example = "fmnist-dense") @PathVariable String name,
            @Parameter(example = "1") @PathVariable int version,
            @Parameter(example = "fashion-mnist") @RequestParam(required = false) String dataset,
            @Parameter(description = "train or test, for built-in datasets", example = "test")
                    @RequestParam(required = false) String split,
            @Parameter(description = "first row", example = "0") @RequestParam(defaultValue = "0") int from,
            @Parameter(description = "1 to 32", example = "8") @RequestParam(defaultValue = "8") int rows,
            @Parameter(description = "pixels per value, 1 to 8", example = "3") @RequestParam(defaultValue = "3")
                    int scale) {
        ViewRows.check(rows, 1, MAX_GRID_ROWS, "rows");
        ViewRows.check(scale, 1, MAX_SCALE, "scale");
        byte[] png = views.reconstructions(name, version, new DataSelection(dataset, split, null), from, rows, scale);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png);
    }

    @GetMapping(path = "/latent-map", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The latent map: codes projected to 2-D", description = """
            The codes of up to `rows` rows spread evenly over the dataset, projected on their first two principal \
            components (computed by the service on these codes), with each row's number and label. Example: \
            `/api/v1/models/fmnist-dense/versions/1/views/latent-map?dataset=fashion-mnist&split=test&rows=500`""")
    ViewResponses.LatentMap latentMap(@Parameter(example = "fmnist-dense") @PathVariable String name,
            @Parameter(example = "1") @PathVariable int version,
            @Parameter(example = "fashion-mnist") @RequestParam(required = false) String dataset,
            @Parameter(example = "test") @RequestParam(required = false) String split,
            @Parameter(description = "2 to 2000", example = "500") @RequestParam(defaultValue = "500") int rows) {
        ViewRows.check(rows, 2, MAX_MAP_ROWS, "rows");
        return views.latentMap(name, version, new DataSelection(dataset, split, null), rows);
    }

    @GetMapping(path = "/score-histogram", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Anomaly score histograms with the threshold", description = """
            For every score the version has: the histogram of the training rows' scores (stored with the version) \
            and of up to `rows` rows spread over the dataset, in the same bins, with the threshold the rule gives \
            (as `anomaly-score`: `rule` percentile, sigma, contamination or fixed, and its `value`). Example: \
            `/api/v1/models/fmnist-dense/versions/1/views/score-histogram?dataset=fashion-mnist&split=test&rows=1000`""")
    ViewResponses.ScoreHistograms scoreHistogram(@Parameter(example = "fmnist-dense") @PathVariable String name,
            @Parameter(example = "1") @PathVariable int version,
            @Parameter(example = "fashion-mnist") @RequestParam(required = false) String dataset,
            @Parameter(example = "test") @RequestParam(required = false) String split,
            @Parameter(description = "1 to 4000", example = "1000") @RequestParam(defaultValue = "1000") int rows,
            @Parameter(description = "5 to 200", example = "40") @RequestParam(defaultValue = "40") int bins,
            @Parameter(description = "percentile, sigma, contamination or fixed", example = "percentile")
                    @RequestParam(required = false) ThresholdRule rule,
            @Parameter(description = "the rule's parameter", example = "99") @RequestParam(required = false)
                    Double value) {
        ViewRows.check(rows, 1, MAX_SCORED_ROWS, "rows");
        ViewRows.check(bins, 5, MAX_BINS, "bins");
        return views.scoreHistograms(name, version, new DataSelection(dataset, split, null), rows, bins, rule, value);
    }

    @GetMapping(path = "/worst-rows", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The worst reconstructed rows, feature by feature", description = """
            Of up to `rows` rows spread over the dataset, the `count` with the largest reconstruction error, each \
            with the error of every feature: what made them stand out, for tabular models. Example: \
            `/api/v1/models/payments/versions/1/views/worst-rows?dataset=ds-3f9a1c2b7d4e&rows=1000&count=5`""")
    ViewResponses.WorstRows worstRows(@Parameter(example = "fmnist-dense") @PathVariable String name,
            @Parameter(example = "1") @PathVariable int version,
            @Parameter(example = "ds-3f9a1c2b7d4e") @RequestParam(required = false) String dataset,
            @Parameter(example = "train") @RequestParam(required = false) String split,
            @Parameter(description = "1 to 4000", example = "1000") @RequestParam(defaultValue = "1000") int rows,
            @Parameter(description = "1 to 32", example = "5") @RequestParam(defaultValue = "5") int count) {
        ViewRows.check(rows, 1, MAX_SCORED_ROWS, "rows");
        ViewRows.check(count, 1, MAX_WORST, "count");
        return views.worstRows(name, version, new DataSelection(dataset, split, null), rows, count);
    }
}
