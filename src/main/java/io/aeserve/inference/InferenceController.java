package io.aeserve.inference;

import io.aeserve.error.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models/{name}")
@Tag(name = "Inference", description = """
        Run a trained version: the served one, or the one named by `?version=`. Rows are in the data's own units: \
        normalisation is applied on the way in and inverted on the way out. 409 while the model has no version.""")
class InferenceController {

    private static final MediaType NPY = MediaType.parseMediaType(RowCodecs.NPY);
    private static final List<MediaType> BINARY_ANSWERS = List.of(MediaType.IMAGE_PNG, NPY,
            MediaType.APPLICATION_OCTET_STREAM);
    private static final List<MediaType> ANSWER_TYPES = List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG, NPY,
            MediaType.APPLICATION_OCTET_STREAM);

    private final InferenceService inference;

    InferenceController(InferenceService inference) {
        this.inference = inference;
    }

    @PostMapping(path = "/encode", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Encode rows to codes", description = """
            The code of each row: embeddings for search or clustering, or the compressed form. Variational models \
            return the posterior mean as `codes` and its `logVariance`.""")
    InferenceResponses.Encoded encode(@PathVariable String name, @Parameter(description = "version to use; default:"
            + " the served one") @RequestParam(required = false) Integer version,
            @Valid @RequestBody InferenceRequests.Rows request) {
        return inference.encode(name, version, request.inputs());
    }

    @PostMapping(path = "/decode", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Decode codes to rows", description = "Codes must have the model's latent size.")
    InferenceResponses.Outputs decode(@PathVariable String name, @RequestParam(required = false) Integer version,
            @Valid @RequestBody InferenceRequests.Codes request) {
        return inference.decode(name, version, request.codes());
    }

    @PostMapping(path = "/reconstruct", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reconstruct rows", description = """
            Each row passed through encoder and decoder, with its reconstruction error (the model's loss, averaged \
            over values, in normalised units). Also accepts raw float32, .npy or a PNG image; see the binary form.""")
    InferenceResponses.Reconstructed reconstruct(@PathVariable String name,
            @RequestParam(required = false) Integer version, @Valid @RequestBody InferenceRequests.Rows request) {
        return inference.reconstruct(name, version, request.inputs());
    }

    @PostMapping(path = "/reconstruct", consumes = {RowCodecs.OCTET_STREAM, RowCodecs.NPY, RowCodecs.PNG})
    @Operation(summary = "Reconstruct rows sent as float32, .npy or PNG", description = BINARY_DESCRIPTION)
    ResponseEntity<?> reconstructBinary(@PathVariable String name, @RequestParam(required = false) Integer version,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(value = RowCodecs.ROW_SHAPE_HEADER, required = false) String rowShape,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = RowCodecs.PNG,
                    schema = @Schema(type = "string", format = "binary"))) @RequestBody byte[] body)
            throws HttpMediaTypeNotAcceptableException {
        return answer(name, version, contentType, accept, rowShape, body, "reconstruct",
                rows -> inference.reconstruct(name, version, rows));
    }

    @PostMapping(path = "/denoise", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Denoise rows", description = """
            The cleaned rows: what a model trained with noise (the denoising variant, or any variant with `noise`) \
            makes of corrupted inputs. Also accepts raw float32, .npy or a PNG image; see the binary form.""")
    InferenceResponses.Outputs denoise(@PathVariable String name, @RequestParam(required = false) Integer version,
            @Valid @RequestBody InferenceRequests.Rows request) {
        return inference.denoise(name, version, request.inputs());
    }

    @PostMapping(path = "/denoise", consumes = {RowCodecs.OCTET_STREAM, RowCodecs.NPY, RowCodecs.PNG})
    @Operation(summary = "Denoise rows sent as float32, .npy or PNG", description = BINARY_DESCRIPTION)
    ResponseEntity<?> denoiseBinary(@PathVariable String name, @RequestParam(required = false) Integer version,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(value = RowCodecs.ROW_SHAPE_HEADER, required = false) String rowShape,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = RowCodecs.PNG,
                    schema = @Schema(type = "string", format = "binary"))) @RequestBody byte[] body)
            throws HttpMediaTypeNotAcceptableException {
        return answer(name, version, contentType, accept, rowShape, body, "denoise",
                rows -> inference.denoise(name, version, rows));
    }

    @PostMapping(path = "/anomaly-score", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Score rows for anomalies", description = """
            Each row's score is its reconstruction error by the model's loss, averaged over values, computed in the \
            model's normalised units. The threshold comes from the version's stored training-error distribution: \
            `percentile` (default 99), `sigma` (mean + k standard deviations, default 3), `contamination` (the \
            expected fraction of anomalies, as PyOD's, default 0.01) or `fixed`. Rows above it are flagged. \
            `score` picks what is scored: `reconstruction` (default), `latent` (Mahalanobis distance of the code), \
            `combined` (both, standardised and summed), `knn` (distance to the nearest training codes, the most \
            accurate on images), `structural` (1 - SSIM, image models) or `elbo` (variational models); each has \
            its own training distribution, so thresholds and percentiles work for all. \
            `percentiles` gives each row's rank among the training rows' scores, comparable across models. \
            `perFeature` adds the error of every value, to see what made a row anomalous.""")
    InferenceResponses.AnomalyScores anomalyScore(@PathVariable String name,
            @RequestParam(required = false) Integer version, @Valid @RequestBody InferenceRequests.AnomalyScore request) {
        return inference.anomalyScore(name, version, request);
    }

    @PostMapping(path = "/anomaly-score", consumes = {RowCodecs.OCTET_STREAM, RowCodecs.NPY, RowCodecs.PNG})
    @Operation(summary = "Score rows sent as float32, .npy or PNG", description = """
            As the JSON form, with the threshold in the query: `?rule=percentile&value=99&perFeature=false`.""")
    InferenceResponses.AnomalyScores anomalyScoreBinary(@PathVariable String name,
            @RequestParam(required = false) Integer version,
            @Parameter(description = "percentile, sigma, contamination or fixed") @RequestParam(required = false)
                    ThresholdRule rule,
            @RequestParam(required = false) Double value,
            @RequestParam(required = false) Boolean perFeature,
            @Parameter(description = "reconstruction, latent, combined, knn, structural or elbo") @RequestParam(required = false)
                    String score,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @RequestHeader(value = RowCodecs.ROW_SHAPE_HEADER, required = false) String rowShape,
            @RequestBody byte[] body) {
        InputRows rows = decode(name, contentType, rowShape, body);
        return inference.anomalyScore(name, version, new InferenceRequests.AnomalyScore(rows, score,
                new InferenceRequests.Threshold(rule, value), perFeature));
    }

    @PostMapping(path = "/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Generate rows from the prior", description = """
            Variational models only (400 otherwise): decodes `count` samples of the standard normal prior. A \
            `seed` makes the samples repeatable.""")
    InferenceResponses.Outputs generate(@PathVariable String name, @RequestParam(required = false) Integer version,
            @Valid @RequestBody InferenceRequests.Generate request) {
        return inference.generate(name, version, request.count(), request.seed());
    }

    private static final String BINARY_DESCRIPTION = """
            `application/octet-stream`: little-endian float32 rows, row shape in the `X-Row-Shape` header (`784` or \
            `1,28,28`; the model's input shape when absent). `application/x-npy`: a float32 .npy array of shape \
            (rows, ...). `image/png`: one grayscale or RGB image of the model's [C, H, W] shape, scaled to [0, 1]. \
            The answer is JSON unless `Accept` asks for `application/octet-stream`, `application/x-npy` or \
            `image/png` (the first row as an image).""";

    /** Decodes binary rows, then answers as JSON or in the binary format the client accepts. */
    private ResponseEntity<?> answer(String name, Integer version, MediaType contentType, String accept,
            String rowShape, byte[] body, String endpoint, java.util.function.Function<InputRows, Object> json)
            throws HttpMediaTypeNotAcceptableException {
        MediaType type = wants(accept);
        InputRows rows = decode(name, contentType, rowShape, body);
        if (type == null) {
            return ResponseEntity.ok(json.apply(rows));
        }
        return binary(type, inference.reconstructFlat(name, version, rows, endpoint), rows);
    }

    private InputRows decode(String name, MediaType type, String rowShape, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("body", "is empty");
        }
        if (type.isCompatibleWith(MediaType.IMAGE_PNG)) {
            return RowCodecs.fromPng(body, inference.inputShape(name));
        }
        if (type.isCompatibleWith(NPY)) {
            return RowCodecs.fromNpy(body);
        }
        return RowCodecs.fromRaw(body, rowShape, inference.inputShape(name));
    }

    /**
     * The binary type the client accepts, or null for JSON; 406 when it accepts neither, or sends an Accept header
     * that cannot be read, decided before any work is done.
     */
    private static MediaType wants(String accept) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.isBlank()) {
            return null;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException(ANSWER_TYPES);
        }
        for (MediaType type : types) {
            for (MediaType binary : BINARY_ANSWERS) {
                if (!type.isWildcardType() && type.isCompatibleWith(binary)) {
                    return binary;
                }
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return null;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(ANSWER_TYPES);
    }

    private static ResponseEntity<byte[]> binary(MediaType type, float[] outputs, InputRows rows) {
        byte[] body = switch (type.toString()) {
            case RowCodecs.PNG -> {
                if (rows.rowShape().size() != 3) {
                    throw new InvalidInputException("Accept", "image/png answers need a model whose rows are images");
                }
                yield RowCodecs.toPng(outputs, rows.rowShape());
            }
            case RowCodecs.NPY -> RowCodecs.toNpy(outputs, rows.rows(), rows.rowShape());
            default -> RowCodecs.toRaw(outputs);
        };
        return ResponseEntity.ok().contentType(type)
                .header(RowCodecs.ROW_SHAPE_HEADER, rows.rowShape().stream().map(String::valueOf)
                        .reduce((a, b) -> a + "," + b).orElse(""))
                .header("X-Rows", Integer.toString(rows.rows()))
                .body(body);
    }
}
