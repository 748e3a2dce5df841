package io.aeserve.oip;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v2")
@Tag(name = "Open Inference Protocol", description = """
        The KServe "v2" Open Inference Protocol over REST, for clients such as `tritonclient.http` and KServe: \
        health, server and model metadata, model readiness and inference, with the binary tensor data extension. \
        Every model takes one FP32 input named `input`, shape [N, features] or [N, C, H, W]; the outputs named \
        choose the work: `score`, `anomaly`, `percentile`, `reconstruction`, `code`, `log_variance` (variational \
        models). Errors are `{"error": "..."}` with the status codes of the rest of the API.""")
class OipRestController {

    private static final String INFER_EXAMPLE = """
            {"id": "42", "inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 4],
              "data": [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]}],
             "outputs": [{"name": "score", "parameters": {"score": "knn"}}, {"name": "anomaly"},
                         {"name": "reconstruction", "parameters": {"binary_data": false}}]}""";

    private static final String INFER_ANSWER = """
            {"model_name": "sensors", "model_version": "1", "id": "42", "outputs": [
              {"name": "score", "datatype": "FP32", "shape": [2], "data": [0.8, 3.1]},
              {"name": "anomaly", "datatype": "BOOL", "shape": [2], "data": [false, true]},
              {"name": "reconstruction", "datatype": "FP32", "shape": [2, 4],
               "data": [0.1, 0.2, 0.3, 0.4, 0.4, 0.6, 0.6, 0.8]}]}""";

    private static final String BINARY = """
            With the binary tensor data extension the body is the JSON request of `Inference-Header-Content-Length` \
            bytes, then the input's little-endian FP32 bytes (its `parameters.binary_data_size`). Outputs asked \
            with `parameters.binary_data: true` (or all of them, with the request parameter `binary_data_output: \
            true`) are answered as raw bytes after the JSON header, whose length the response's \
            `Inference-Header-Content-Length` gives; BOOL is one byte per value.""";

    private final OipInference oip;
    private final OipRestCodec codec;

    OipRestController(OipInference oip, OipRestCodec codec) {
        this.oip = oip;
        this.codec = codec;
    }

    @GetMapping("/health/live")
    @Operation(summary = "Server live", description = "200 while the service is live (as /actuator/health/liveness),"
            + " else 400. No body.")
    ResponseEntity<Void> live() {
        return oip.live() ? ResponseEntity.ok().build() : ResponseEntity.badRequest().build();
    }

    @GetMapping("/health/ready")
    @Operation(summary = "Server ready", description = "200 once the engine is loaded and the service accepts"
            + " traffic (as /actuator/health/readiness), else 400. No body.")
    ResponseEntity<Void> ready() {
        return oip.ready() ? ResponseEntity.ok().build() : ResponseEntity.badRequest().build();
    }

    @GetMapping
    @Operation(summary = "Server metadata", description = "The server's name, version and protocol extensions.")
    OipMetadata.Server server() {
        return oip.server();
    }

    @GetMapping({"/models/{model}", "/models/{model}/versions/{version}"})
    @Operation(summary = "Model metadata", description = """
            The model's versions, its input (`input`, FP32, [-1, features] or [-1, C, H, W]) and its outputs. 404 \
            for an unknown model or version.""")
    @ApiResponse(responseCode = "404", description = "unknown model or version",
            content = @Content(schema = @Schema(implementation = OipRestMessages.Error.class)))
    OipMetadata.Model model(@PathVariable String model,
            @Parameter(description = "a version number; absent: any") @PathVariable(required = false) String version) {
        return oip.model(model, version);
    }

    @GetMapping({"/models/{model}/ready", "/models/{model}/versions/{version}/ready"})
    @Operation(summary = "Model ready", description = """
            200 when the version (the served one when none is named) can be served; 400 when the model has no \
            version yet; 404 for an unknown model or version.""")
    @ApiResponse(responseCode = "200", description = "ready")
    @ApiResponse(responseCode = "400", description = "not ready",
            content = @Content(schema = @Schema(implementation = OipRestMessages.Error.class)))
    @ApiResponse(responseCode = "404", description = "unknown model or version",
            content = @Content(schema = @Schema(implementation = OipRestMessages.Error.class)))
    ResponseEntity<?> modelReady(@PathVariable String model, @PathVariable(required = false) String version) {
        if (oip.modelReady(model, version)) {
            return ResponseEntity.ok().build();
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(new OipRestMessages.Error("model '" + model + "' is not ready: it has no version to serve yet"
                        + (oip.ready() ? "" : ", or the service is not ready")));
    }

    @PostMapping({"/models/{model}/infer", "/models/{model}/versions/{version}/infer"})
    @Operation(summary = "Infer", description = """
            Runs the version named, else the served one (409 when the model has none), through the same batcher \
            as the rest of the API. The outputs named choose the work; without any: score, anomaly and \
            reconstruction. `score`, `anomaly` and `percentile` take the parameters `score` (reconstruction, \
            latent, combined, knn, structural, elbo), `threshold_rule` (percentile, sigma, contamination, fixed) \
            and `threshold_value`, on the output or the request. """ + BINARY)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OipRestMessages.InferRequest.class),
                    examples = @ExampleObject(name = "json", value = INFER_EXAMPLE)),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary",
                            description = "JSON header, then raw tensor bytes"))})
    @ApiResponse(responseCode = "200", description = "the outputs, in JSON or JSON header then raw bytes",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OipRestMessages.InferResponse.class),
                    examples = @ExampleObject(name = "json", value = INFER_ANSWER)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "400", description = "bad input",
            content = @Content(schema = @Schema(implementation = OipRestMessages.Error.class)))
    @ApiResponse(responseCode = "404", description = "unknown model or version",
            content = @Content(schema = @Schema(implementation = OipRestMessages.Error.class)))
    @ApiResponse(responseCode = "409", description = "the model has no version yet",
            content = @Content(schema = @Schema(implementation = OipRestMessages.Error.class)))
    ResponseEntity<byte[]> infer(@PathVariable String model, @PathVariable(required = false) String version,
            @Parameter(description = "length of the JSON header when binary tensor data follows it")
            @RequestHeader(value = OipRestCodec.HEADER_LENGTH, required = false) String headerLength,
            HttpServletRequest request) throws IOException {
        OipRestCodec.Request decoded = codec.read(body(request), headerLength);
        OipResult result = oip.infer(model, version, decoded.input(), decoded.outputs(), decoded.parameters());
        OipRestCodec.Response response = codec.write(result, decoded);
        if (response.headerLength() == null) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response.body());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(OipRestCodec.HEADER_LENGTH, Integer.toString(response.headerLength()))
                .body(response.body());
    }

    /** The request body; the request size filter answers 413 beyond aeserve.limits.max-request-size. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
