package io.aeserve.inference;

import io.aeserve.data.FloatArrayBuilder;
import io.aeserve.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Streams rows of numbers straight into one float array, without building a tree. Rows may be flat or nested;
 * every row must have the same shape, and every value must be a finite float32.
 */
final class InputRowsDeserializer extends ValueDeserializer<InputRows> {

    @Override
    public InputRows deserialize(JsonParser parser, DeserializationContext context) {
        String field = parser.currentName() != null ? parser.currentName() : "inputs";
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidInputException(field, "must be an array of rows");
        }
        FloatArrayBuilder values = new FloatArrayBuilder();
        List<Integer> rowShape = null;
        int rows = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(field + "[" + rows + "]", "must be an array of numbers");
            }
            List<Integer> shape = readArray(parser, values, 0, field + "[" + rows + "]");
            if (rowShape == null) {
                rowShape = List.copyOf(shape);
            } else if (!rowShape.equals(shape)) {
                throw new InvalidInputException(field + "[" + rows + "]", "has shape " + shape
                        + "; the rows before it have " + rowShape);
            }
            rows++;
        }
        return new InputRows(values.toArray(), rows, rowShape == null ? List.of() : rowShape);
    }

    /** Reads one (possibly nested) array into values and returns its shape. */
    private static List<Integer> readArray(JsonParser parser, FloatArrayBuilder values, int depth, String path) {
        if (depth > 3) {
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
}
