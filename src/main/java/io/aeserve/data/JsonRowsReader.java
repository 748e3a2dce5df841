package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON array of rows: each row an array of numbers, or an object whose numeric fields, in the first row's
 * order, are the features. Streamed, so large files are read without building a tree.
 */
public final class JsonRowsReader {

    private JsonRowsReader() {}

    public static DataMatrix readValues(InputStream input, JsonMapper mapper, String field) {
        FloatArrayBuilder values = new FloatArrayBuilder();
        List<String> keys = null;
        int width = -1;
        int rows = 0;
        try (JsonParser parser = mapper.createParser(input)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(field, "must be a JSON array of rows");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                int count = 0;
                if (token == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        values.add(number(parser, field, rows, count++));
                    }
                } else if (token == JsonToken.START_OBJECT) {
                    List<String> rowKeys = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        rowKeys.add(parser.currentName());
                        parser.nextToken();
                        values.add(number(parser, field, rows, count++));
                    }
                    if (keys == null) {
                        keys = rowKeys;
                    } else if (!keys.equals(rowKeys)) {
                        throw new InvalidInputException(field, "row " + rows + " has the fields " + rowKeys
                                + ", the first row " + keys);
                    }
                } else {
                    throw new InvalidInputException(field, "row " + rows + " is not an array or object");
                }
                if (width < 0) {
                    width = count;
                } else if (count != width) {
                    throw new InvalidInputException(field, "row " + rows + " has " + count + " values, the rows before it " + width);
                }
                rows++;
            }
        } catch (StreamReadException e) {
            throw new InvalidInputException(field, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (rows == 0 || width == 0) {
            throw new InvalidInputException(field, "holds no data rows");
        }
        return new DataMatrix(values.toArray(), rows, List.of(width), null);
    }

    private static float number(JsonParser parser, String field, int row, int column) {
        if (!parser.currentToken().isNumeric()) {
            throw new InvalidInputException(field, "row " + row + ", value " + column + " is not a number");
        }
        float value = parser.getFloatValue();
        if (!Float.isFinite(value)) {
            throw new InvalidInputException(field, "row " + row + ", value " + column + " is out of float range");
        }
        return value;
    }
}
