package io.aeserve.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aeserve.error.InvalidInputException;
import java.util.Locale;

/** Upload formats, named or guessed from the file name. */
public enum DataFormat {
    @JsonProperty("csv") CSV,
    @JsonProperty("json") JSON,
    @JsonProperty("idx") IDX;

    static DataFormat of(String name, String fileName, String field) {
        if (name != null && !name.isBlank()) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("format", "must be csv, json or idx, not '" + name + "'");
            }
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt")) {
            return CSV;
        }
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.contains("idx") || lower.endsWith("-ubyte") || lower.endsWith(".gz")) {
            return IDX;
        }
        throw new InvalidInputException(field, "cannot tell the format from the file name '" + fileName
                + "'; set 'format' to csv, json or idx");
    }
}
