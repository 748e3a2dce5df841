package io.aeserve.inference;

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
 */
@JsonDeserialize(using = InputRowsDeserializer.class)
public record InputRows(float[] values, int rows, List<Integer> rowShape, List<Map<String, String>> named) {

    /** Rows of numbers. */
    public InputRows(float[] values, int rows, List<Integer> rowShape) {
        this(values, rows, rowShape, null);
    }

    /** Rows by column name, to be encoded by a version's table encoding. */
    static InputRows byName(List<Map<String, String>> rows) {
        return new InputRows(new float[0], rows.size(), List.of(), rows);
    }

    public boolean isNamed() {
        return named != null;
    }

    public int width() {
        return rows == 0 ? 0 : values.length / rows;
    }
}
