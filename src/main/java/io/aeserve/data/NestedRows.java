package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Rows of numbers read from JSON straight into one float array, without building a tree: each row a flat array, or
 * nested {@code [C][H][W]} arrays for image models. Every row must have the same shape and every value must be a
 * finite float32; problems name the row ({@code inputs[3]}) or the value ({@code inputs[3][0][5]}).
 *
 * @param values the values, row after row
 * @param rows how many rows
 * @param rowShape the shape every row had (empty without rows)
 */
public record NestedRows(float[] values, int rows, List<Integer> rowShape) {

    private static final int MAX_ROW_DEPTH = 3;

    /** Reads the array of rows the parser stands at; {@code defaultField} names it when the parser does not. */
    public static NestedRows read(JsonParser parser, String defaultField) {
        String field = parser.currentName() != null ? parser.currentName() : defaultField;
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidInputException(field, "must be an array of rows");
        }
        parser.nextToken();
        return readRows(parser, field);
    }

    /**
     * Reads the rows of an array whose first row's token (or its end) the parser stands at, for a caller that
     * looked at that token first.
     */
    public static NestedRows readRows(JsonParser parser, String field) {
        FloatArrayBuilder values = new FloatArrayBuilder();
        List<Integer> rowShape = null;
        int rows = 0;
        for (; parser.currentToken() != JsonToken.END_ARRAY; parser.nextToken()) {
            String row = field + "[" + rows + "]";
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(row, "must be an array of numbers, or [C][H][W] arrays");
            }
            List<Integer> shape = readArray(parser, values, 1, row);
            if (rowShape == null) {
                rowShape = List.copyOf(shape);
            } else if (!rowShape.equals(shape)) {
                throw new InvalidInputException(row, "has shape " + shape + " (" + size(shape)
                        + " values); the rows before it have " + rowShape + " (" + size(rowShape) + " values)");
            }
            rows++;
        }
        return new NestedRows(values.toArray(), rows, rowShape == null ? List.of() : rowShape);
    }

    /** Reads one (possibly nested) array into values and returns its shape. */
    private static List<Integer> readArray(JsonParser parser, FloatArrayBuilder values, int depth, String path) {
        if (depth > MAX_ROW_DEPTH) {
            throw new InvalidInputException(path, "is nested too deeply; rows are flat or [C][H][W]");
        }
        int length = 0;
        List<Integer> childShape = null;
        boolean numbers = false;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonToken token = parser.currentToken();
            String here = path + "[" + length + "]";
            if (token == JsonToken.START_ARRAY) {
                if (numbers) {
                    throw new InvalidInputException(path, "mixes numbers and arrays");
                }
                List<Integer> shape = readArray(parser, values, depth + 1, here);
                if (childShape == null) {
                    childShape = shape;
                } else if (!childShape.equals(shape)) {
                    throw new InvalidInputException(here, "is ragged: shape " + shape + " where others have "
                            + childShape);
                }
            } else if (token.isNumeric()) {
                if (childShape != null) {
                    throw new InvalidInputException(path, "mixes numbers and arrays");
                }
                numbers = true;
                float value = parser.getFloatValue();
                if (!Float.isFinite(value)) {
                    throw new InvalidInputException(here, "is outside the float32 range");
                }
                values.add(value);
            } else {
                throw new InvalidInputException(here, "is not a number"
                        + (token == JsonToken.VALUE_STRING ? " (NaN and Infinity are not accepted)" : ""));
            }
            length++;
        }
        List<Integer> shape = new ArrayList<>();
        shape.add(length);
        if (childShape != null) {
            shape.addAll(childShape);
        }
        return shape;
    }

    private static long size(List<Integer> shape) {
        return shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
    }
}
