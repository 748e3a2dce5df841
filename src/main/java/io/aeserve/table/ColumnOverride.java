package io.aeserve.table;

import io.swagger.v3.oas.annotations.media.Schema;

/** A column's kind as the user sets it, in place of the inferred one. */
@Schema(example = "{\"name\": \"Class\", \"kind\": \"label\"}")
public record ColumnOverride(String name, ColumnKind kind) {}
