package io.aeserve.inference;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A batch of rows read from JSON: each row a flat array of numbers, or nested arrays ([C][H][W] images). Values are
 * kept flat, row after row; {@code rowShape} is the shape every row had.
 */
@JsonDeserialize(using = InputRowsDeserializer.class)
@ArraySchema(schema = @Schema(description = "one row: a flat array of numbers, or nested [C][H][W] arrays",
        example = "[0.0, 0.1, 0.7]"))
public record InputRows(float[] values, int rows, List<Integer> rowShape) {

    public int width() {
        return rows == 0 ? 0 : values.length / rows;
    }
}
