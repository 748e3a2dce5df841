package io.aeserve.registry;

import io.aeserve.model.spec.ModelSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A model with its completed spec, the version served by default, and its versions. */
record ModelResponse(
        String name,
        String description,
        Map<String, String> tags,
        ModelSpec spec,
        Instant createdAt,
        Integer servingVersion,
        List<VersionResponse> versions) {

    static ModelResponse of(ModelRegistry.ModelView view) {
        ModelRecord record = view.record();
        Integer serving = view.servingVersion().orElse(null);
        return new ModelResponse(record.name(), record.description(), record.tags(), record.spec(),
                record.createdAt(), serving, VersionResponse.of(view.versions(), serving, view.thresholds()));
    }
}
