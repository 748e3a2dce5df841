package io.aeserve.table;

import io.aeserve.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Rows given as JSON objects by column name, as a table's rows are scored: {@code [{"V1": "y", "V2": null}]}. Each
 * value is kept as its text (a number as written, {@code true}/{@code false}, null as missing); nested values, a
 * name given twice, and texts longer than a cell may be are refused with the row that has them.
 */
public final class NamedRows {

    private NamedRows() {}

    /** Reads the rows of an array whose first row's token the parser stands at, to the end of the array. */
    public static List<Map<String, String>> readRows(JsonParser parser, String field) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (; parser.currentToken() != JsonToken.END_ARRAY; parser.nextToken()) {
            String row = field + "[" + rows.size() + "]";
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(row, "must be an object of column values, as the first row is");
            }
            Map<String, String> values = new HashMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (name.length() > Cells.MAX_CELL_LENGTH || values.size() >= TableBuilder.MAX_COLUMNS) {
                    throw new InvalidInputException(row, "has a column name longer than " + Cells.MAX_CELL_LENGTH
                            + " characters, or more than " + TableBuilder.MAX_COLUMNS + " columns");
                }
                JsonToken token = parser.nextToken();
                String text = switch (token) {
                    case VALUE_NULL -> null;
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getString();
                    default -> throw new InvalidInputException(row + "." + name, "must be a text, a number, true,"
                            + " false or null");
                };
                if (text != null && text.length() > Cells.MAX_CELL_LENGTH) {
                    throw new InvalidInputException(row + "." + name, "is longer than " + Cells.MAX_CELL_LENGTH
                            + " characters");
                }
                if (values.containsKey(name)) {
                    throw new InvalidInputException(row, "names the column '" + name + "' twice");
                }
                values.put(name, text);
            }
            rows.add(values);
        }
        return rows;
    }
}
