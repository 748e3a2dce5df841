package io.aeserve.inference;

import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A batch of rows read from JSON: each row a flat array of numbers, or nested arrays ([C][H][W] images). Values are
 * kept flat, row after row; {@code rowShape} is the shape every row had.
 */
@JsonDeserialize(using = InputRowsDeserializer.class)
public record InputRows(float[] values, int rows, List<Integer> rowShape) {

    public int width() {
        return rows == 0 ? 0 : values.length / rows;
    }
}
