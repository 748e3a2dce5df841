package io.aeserve.registry;

import io.aeserve.model.EpochRecord;
import io.aeserve.model.spec.SpecValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Define models and manage their versions")
class ModelController {

    private final ModelRegistry registry;
    private final ModelArchive archive;
    private final VersionImport versionImport;
    private final SpecValidator specValidator;

    ModelController(ModelRegistry registry, ModelArchive archive, VersionImport versionImport,
            SpecValidator specValidator) {
        this.registry = registry;
        this.archive = archive;
        this.versionImport = versionImport;
        this.specValidator = specValidator;
    }

    @PostMapping
    @Operation(summary = "Create a model", description = """
            Validates the spec, fills in every default and stores the model. Train it with \
            `POST /api/v1/models/{name}/train`. 409 when the name is taken, 400 naming each bad spec field.""")
    ResponseEntity<ModelResponse> create(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            examples = {
                @ExampleObject(name = "image anomaly detector", summary = "Recommended for small images", description = """
                        The settings of the Fashion-MNIST quality table (mean one-class AUROC 0.938 with the knn \
                        score): train it 10 epochs at batch 128 and score with `knn`.""", value = """
                        {"name": "fmnist-boots", "description": "Flags anything that is not an ankle boot",
                         "spec": {"variant": "convolutional", "inputShape": [1, 28, 28], "hiddenLayers": [32, 64],
                                  "latentDim": 64, "normalization": "none", "outputActivation": "sigmoid"}}"""),
                @ExampleObject(name = "tabular anomaly detector", summary = "A starting point for tabular data",
                        description = """
                        Standardised inputs, hidden layers of about half and a quarter of the input width, a \
                        code of 1/8 to 1/4 of it; train with early stopping and score with `knn` or `combined`.""",
                        value = """
                        {"name": "payments", "description": "Unusual payments",
                         "spec": {"variant": "dense", "inputShape": [32], "hiddenLayers": [16, 8], "latentDim": 6,
                                  "normalization": "standard", "outputActivation": "linear"}}"""),
                @ExampleObject(name = "image denoiser", summary = "Recommended for denoising small images",
                        description = """
                        The denoiser of the quality table (Fashion-MNIST plus gaussian noise of deviation 0.5: mean \
                        PSNR from 9.3 dB to 19.1 dB): train it 8 epochs on clean images at batch 128 (the noise is \
                        added during training), then call `denoise`.""", value = """
                        {"name": "fmnist-denoiser",
                         "spec": {"variant": "denoising", "architecture": "convolutional", "inputShape": [1, 28, 28],
                                  "hiddenLayers": [32, 32], "latentDim": 128, "normalization": "none",
                                  "outputActivation": "sigmoid", "loss": "mse",
                                  "noise": {"type": "gaussian", "level": 0.5}}}""")}))
            @Valid @RequestBody CreateModelRequest request) {
        ModelRegistry.checkName(request.name());
        ModelRecord record = new ModelRecord(request.name(), request.description(),
                request.tags() != null ? request.tags() : Map.of(), specValidator.validate(request.spec()),
                Instant.now());
        registry.create(record);
        return ResponseEntity.created(URI.create("/api/v1/models/" + record.name()))
                .body(ModelResponse.of(registry.get(record.name())));
    }

    @GetMapping
    @Operation(summary = "List models")
    List<ModelResponse> list() {
        return registry.list().stream().map(ModelResponse::of).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "Get a model", description = "With its completed spec, served version and versions.")
    ModelResponse get(@PathVariable String name) {
        return ModelResponse.of(registry.get(name));
    }

    @PatchMapping("/{name}")
    @Operation(summary = "Change a model's description or tags")
    ModelResponse update(@PathVariable String name, @Valid @RequestBody UpdateModelRequest request) {
        registry.update(name, request.description(), request.tags());
        return ModelResponse.of(registry.get(name));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a model and all its versions", description = "409 while a job trains it.")
    ResponseEntity<Void> delete(@PathVariable String name) {
        registry.delete(name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/versions")
    @Operation(summary = "List a model's versions")
    List<VersionResponse> versions(@PathVariable String name) {
        return ModelResponse.of(registry.get(name)).versions();
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(summary = "Get a version", description = "Its metrics and its training history, epoch by epoch.")
    VersionDetails version(@PathVariable String name, @PathVariable int version) {
        StoredVersion stored = registry.load(name, version);
        Integer serving = registry.servingVersion(name).orElse(null);
        return new VersionDetails(VersionResponse.of(List.of(stored.manifest()), serving,
                Map.of(version, registry.thresholds(name, version))).get(0), stored.history());
    }

    @GetMapping(path = "/{name}/versions/{version}/export", produces = "application/zip")
    @Operation(summary = "Export a version as a zip", description = """
            The spec as JSON, the weights as .npz (one float32 array per parameter, named as in PyTorch), the \
            normalisation, the training errors, the history, and `aeserve_model.py` with a README that rebuilds \
            the model in PyTorch. Importing the zip gives a version with the same outputs.""")
    ResponseEntity<byte[]> export(@PathVariable String name, @PathVariable int version) {
        byte[] zip = archive.export(registry.load(name, version));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name + "-v" + version + ".zip").build().toString())
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(zip);
    }

    @PostMapping(path = "/{name}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import an exported version", description = """
            Creates the model's next version from an export zip (multipart field `file`). The model is created from \
            the archive's spec when it does not exist; when it does, the specs must be equal (409 otherwise).""")
    ResponseEntity<VersionResponse> importVersion(@PathVariable String name, @RequestPart("file") MultipartFile file)
            throws IOException {
        VersionManifest manifest;
        try (InputStream in = file.getInputStream()) {
            manifest = versionImport.importVersion(name, in);
        }
        Integer serving = registry.servingVersion(name).orElse(null);
        return ResponseEntity.created(URI.create("/api/v1/models/" + name + "/versions/" + manifest.version()))
                .body(VersionResponse.of(List.of(manifest), serving, Map.of()).get(0));
    }

    @PostMapping("/{name}/versions/{version}/promote")
    @Operation(summary = "Serve this version", description = "Requests without ?version= use it from now on.")
    ModelResponse promote(@PathVariable String name, @PathVariable int version) {
        return ModelResponse.of(registry.promote(name, version));
    }

    @DeleteMapping("/{name}/versions/{version}")
    @Operation(summary = "Delete a version", description = "The served version only with ?force=true (409 otherwise).")
    ResponseEntity<Void> deleteVersion(@PathVariable String name, @PathVariable int version,
            @RequestParam(defaultValue = "false") boolean force) {
        registry.deleteVersion(name, version, force);
        return ResponseEntity.noContent().build();
    }

    /** A version with its training history. */
    record VersionDetails(VersionResponse version, List<EpochRecord> history) {}
}
