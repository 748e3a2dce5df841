package io.aeserve.data;

import io.aeserve.table.Table;
import java.util.List;

/**
 * What a CSV or JSON upload holds: rows of numbers, or a table whose columns are encoded when a model trains on it.
 * Exactly one is set.
 */
record UploadedRows(DataMatrix values, Table table) {

    /**
     * A table of numbers only, with no cell empty and no column kind set, as the plain rows it has always been read
     * as; any other table as a table.
     */
    static UploadedRows of(Table table, boolean kindsSet) {
        boolean plain = !kindsSet
                && table.columns().stream().allMatch(column -> !column.isText() && column.missing() == 0);
        return plain ? new UploadedRows(new DataMatrix(table.values(), table.rows(), List.of(table.columns().size()),
                null), null) : new UploadedRows(null, table);
    }
}
