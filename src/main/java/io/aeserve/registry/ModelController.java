package io.aeserve.registry;

import io.aeserve.model.spec.SpecValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Define models and manage their versions")
class ModelController {

    private final ModelRegistry registry;

    ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    @PostMapping
    @Operation(summary = "Create a model", description = """
            Validates the spec, fills in every default and stores the model. Train it with \
            `POST /api/v1/models/{name}/train`. 409 when the name is taken, 400 naming each bad spec field.""")
    ResponseEntity<ModelResponse> create(@Valid @RequestBody CreateModelRequest request) {
        ModelRegistry.checkName(request.name());
        ModelRecord record = new ModelRecord(request.name(), request.description(),
                request.tags() != null ? request.tags() : Map.of(), SpecValidator.complete(request.spec()),
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
}
