package io.aeserve.table;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One column of a stored table. A column whose every cell is a number or empty is stored as numbers (NaN where a
 * cell is empty); any other column as the index of its text in {@code categories} (NaN where empty).
 *
 * @param kind the inferred kind, or the one the upload set
 * @param reason why a column is ignored, when it was inferred so
 * @param categories the distinct texts of a text column in order of appearance; null for a column of numbers
 * @param missing how many cells are empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A column of a table dataset", example = """
        {"name": "V1", "kind": "boolean", "categories": ["n", "y"], "missing": 12}""")
public record TableColumn(String name, ColumnKind kind, String reason, List<String> categories, int missing) {

    /** Whether the column holds text (category indices) rather than numbers. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isText() {
        return categories != null;
    }

    /** The category a stored cell stands for: its text, or a number's canonical text; null when missing. */
    String categoryOf(float cell) {
        if (Float.isNaN(cell)) {
            return null;
        }
        return isText() ? categories.get((int) cell) : Cells.canonical(Float.toString(cell));
    }
}
