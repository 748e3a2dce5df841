package io.aeserve.inference;

import io.aeserve.table.TableColumn;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A batch of rows read from JSON: each row a flat array of numbers, or nested arrays ([C][H][W] images), or an
 * object by column name for a version trained on a table. Numbers are kept flat, row after row; {@code rowShape}
 * is the shape every row had.
 *
 * @param named rows given as objects, each column's value as text (null when missing); null for rows of numbers,
 *     and then {@code values} is empty until the version's encoding turns them into numbers
 * @param table the columns of a stored table whose rows {@code values} holds as stored (a category as its index),
 *     to be encoded by the version's table encoding; null for rows the model takes as they are
 */
@JsonDeserialize(using = InputRowsDeserializer.class)
public record InputRows(float[] values, int rows, List<Integer> rowShape, List<Map<String, String>> named,
        List<TableColumn> table) {

    /** Rows of numbers. */
    public InputRows(float[] values, int rows, List<Integer> rowShape) {
        this(values, rows, rowShape, null, null);
    }

    /** Rows of a dataset as stored: a table's rows are encoded by the version's encoding, others taken as they are. */
    public static InputRows stored(float[] values, int rows, int width, List<TableColumn> table) {
        return new InputRows(values, rows, List.of(width), null, table);
    }

    /** Rows by column name, to be encoded by a version's table encoding. */
    static InputRows byName(List<Map<String, String>> rows) {
        return new InputRows(new float[0], rows.size(), List.of(), rows, null);
    }

    public boolean isNamed() {
        return named != null;
    }

    public int width() {
        return rows == 0 ? 0 : values.length / rows;
    }
}
