package io.aeserve.registry;

import io.aeserve.model.spec.ModelSpec;
import java.time.Instant;
import java.util.Map;

/** A model as stored: its name, the completed spec every version is trained from, and its descriptive fields. */
public record ModelRecord(String name, String description, Map<String, String> tags, ModelSpec spec,
        Instant createdAt) {}
