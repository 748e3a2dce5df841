package io.aeserve.table;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a table column is to a model. {@code boolean} is inferred for a column of two texts and encoded as a
 * categorical one; {@code ignore} columns (constant, id-like, or set so) and the {@code label} column are kept with
 * the data but never trained on.
 */
public enum ColumnKind {
    @JsonProperty("numeric") NUMERIC,
    @JsonProperty("categorical") CATEGORICAL,
    @JsonProperty("boolean") BOOLEAN,
    @JsonProperty("ignore") IGNORE,
    @JsonProperty("label") LABEL;

    /** Whether the column is encoded one-hot over its categories. */
    boolean isCategorical() {
        return this == CATEGORICAL || this == BOOLEAN;
    }
}
