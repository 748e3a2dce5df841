package io.aeserve.registry;

import io.aeserve.model.spec.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A new model: a unique name and the spec every version is trained from. */
@Schema(example = """
        {"name": "fmnist-dense", "description": "Fashion-MNIST anomaly detector", "tags": {"team": "vision"},
         "spec": {"variant": "dense", "inputShape": [784], "hiddenLayers": [392], "latentDim": 196}}""")
record CreateModelRequest(
        @Schema(description = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                example = "fmnist-dense") @NotBlank String name,
        @Size(max = 2000) String description,
        Map<String, String> tags,
        @NotNull ModelSpec spec) {}
