package io.aeserve.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aeserve.table.TableColumn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored or built-in dataset.
 *
 * @param shape shape of one row: {@code [features]} or {@code [channels, height, width]}; for a table, its columns
 * @param splits rows per split of a built-in dataset ({@code train}, {@code test}); absent for uploads
 * @param columns a table's columns with their kinds; absent for numeric data
 * @param classes a table's label texts, sorted: label {@code i} (as {@code classes} of a train request selects
 *     them) is {@code classes[i]}; absent without a label column
 * @param inputWidth how many inputs a model trained on all of a table's rows takes; absent for numeric data
 */
@Schema(description = "A stored or built-in dataset")
public record DatasetInfo(
        @Schema(example = "ds-3f9a1c2b7d4e") String id,
        @Schema(example = "sensor-readings") String name,
        @Schema(example = "60000") int rows,
        @Schema(example = "[1, 28, 28]") List<Integer> shape,
        boolean hasLabels,
        Instant createdAt,
        boolean builtIn,
        Map<String, Integer> splits,
        @JsonInclude(JsonInclude.Include.NON_NULL)
                @Schema(description = "a table's columns: each one's kind, inferred or as the upload set it")
                List<TableColumn> columns,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(example = "[\"democrat\", \"republican\"]")
                List<String> classes,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(example = "64") Integer inputWidth) {

    /** A dataset of numbers. */
    public DatasetInfo(String id, String name, int rows, List<Integer> shape, boolean hasLabels, Instant createdAt,
            boolean builtIn, Map<String, Integer> splits) {
        this(id, name, rows, shape, hasLabels, createdAt, builtIn, splits, null, null, null);
    }

    /** Whether the dataset is a table: its rows are cells in stored form, encoded for a model when it trains. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTable() {
        return columns != null;
    }
}
