package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import io.aeserve.table.ColumnOverride;
import io.aeserve.table.TableBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON array of rows: each row an array of numbers, or an object. Objects of numbers only are rows of
 * numbers in the first row's order; objects with texts, nulls or fields left out are a table, their columns named
 * by the first row. Streamed, so large files are read without building a tree.
 *
 * <p>The parser is this reader's own, with its limits spelled out, so what an upload may hold does not change
 * when the application's mapper is tuned for something else. Rows nest two deep, and nothing deeper than a row is
 * entered.
 */
final class JsonRowsReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(1000)
                    .maxNameLength(1000)
                    .build())
            .build();

    private JsonRowsReader() {}

    /**
     * Reads the rows: arrays of numbers, or objects. Objects whose values are all numbers are rows of numbers, in
     * the first row's order; objects with texts, nulls or absent fields are a table, by the first row's names.
     *
     * @param columns kinds set for a table's columns, or null
     */
    static UploadedRows read(InputStream input, ReadLimits limits, String field, List<ColumnOverride> columns)
            throws IOException {
        try (Reader text = utf8(input); JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(field, "must be a JSON array of rows");
            }
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                return objects(parser, limits, field, columns);
            }
            if (columns != null) {
                throw new InvalidInputException("columns", "name the fields of rows given as objects; these rows are"
                        + " arrays");
            }
            return new UploadedRows(rows(parser, limits, field), null);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(field, "goes beyond a limit of the JSON reader: " + e.getOriginalMessage());
        } catch (StreamReadException e) {
            throw new InvalidInputException(field, "is not valid JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, "is not UTF-8 text");
        } catch (JacksonIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new InvalidInputException(field, "is not UTF-8 text");
            }
            // the upload could not be read: not the client's mistake
            throw e.getCause();
        }
    }

    /** Object rows as a table: the first row names the columns, later rows may leave some out (missing). */
    private static UploadedRows objects(JsonParser parser, ReadLimits limits, String field,
            List<ColumnOverride> columns) throws IOException {
        List<String> names = new ArrayList<>();
        List<String> first = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            if (index.putIfAbsent(name, names.size()) != null || names.size() >= TableBuilder.MAX_COLUMNS) {
                throw new InvalidInputException(field, "row 0 names the field '" + abbreviate(name)
                        + "' twice, or has more than " + TableBuilder.MAX_COLUMNS + " fields");
            }
            names.add(name);
            parser.nextToken();
            first.add(cell(parser, field, 0, name));
        }
        if (names.isEmpty()) {
            throw new InvalidInputException(field, "holds no data rows");
        }
        TableBuilder table = new TableBuilder(names, limits.maxValues(), field);
        for (String cell : first) {
            table.add(cell);
        }
        table.endRow();
        String[] cells = new String[names.size()];
        boolean[] seen = new boolean[names.size()];
        for (int row = 1; parser.nextToken() != JsonToken.END_ARRAY; row++) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(field, "row " + row + " is not an object, as the first row is");
            }
            Arrays.fill(cells, null);
            Arrays.fill(seen, false);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                Integer column = index.get(name);
                if (column == null || seen[column]) {
                    throw new InvalidInputException(field, "row " + row + " has the field '" + abbreviate(name) + "' "
                            + (column == null ? "that the first row does not have" : "twice"));
                }
                seen[column] = true;
                parser.nextToken();
                cells[column] = cell(parser, field, row, name);
            }
            for (String cell : cells) {
                table.add(cell);
            }
            table.endRow();
        }
        return UploadedRows.of(table.build(columns), columns != null);
    }

    /** A table cell: a number as written, a text, true or false; null when null. */
    private static String cell(JsonParser parser, String field, int row, String name) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new InvalidInputException(field, "ends inside row " + row);
        }
        if (token.isNumeric()) {
            number(parser, field, row, 0);
            return parser.getString();
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_TRUE, VALUE_FALSE -> parser.getString();
            default -> throw new InvalidInputException(field, "row " + row + ", field '" + abbreviate(name)
                    + "' is not a number, a text, true, false or null");
        };
    }

    /** Rows of numbers from the first row's token on: arrays, or objects of numbers compared name by name. */
    private static DataMatrix rows(JsonParser parser, ReadLimits limits, String field) throws IOException {
        FloatArrayBuilder values = new FloatArrayBuilder();
        List<String> keys = null;
        int width = -1;
        int rows = 0;
        for (JsonToken token = parser.currentToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int count = 0;
            if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    add(values, number(parser, field, rows, count++), limits, field);
                }
            } else if (token == JsonToken.START_OBJECT) {
                // the first row's names are kept; later rows are compared name by name, not collected
                List<String> firstRowKeys = keys == null ? new ArrayList<>() : null;
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    if (firstRowKeys != null) {
                        firstRowKeys.add(key);
                    } else if (count >= keys.size() || !keys.get(count).equals(key)) {
                        throw new InvalidInputException(field, "row " + rows + " has the field '" + abbreviate(key)
                                + "' where the first row has " + (count < keys.size()
                                        ? "'" + abbreviate(keys.get(count)) + "'" : "no more fields"));
                    }
                    parser.nextToken();
                    add(values, number(parser, field, rows, count++), limits, field);
                }
                if (firstRowKeys != null) {
                    keys = firstRowKeys;
                }
            } else {
                throw new InvalidInputException(field, "row " + rows + " is not an array or object");
            }
            if (width < 0) {
                if (count == 0) {
                    throw new InvalidInputException(field, "holds no data rows");
                }
                width = count;
            } else if (count != width) {
                throw new InvalidInputException(field, "row " + rows + " has " + count + " values, the rows before it " + width);
            }
            rows++;
        }
        if (rows == 0) {
            throw new InvalidInputException(field, "holds no data rows");
        }
        return new DataMatrix(values.toArray(), rows, List.of(width), null);
    }

    /**
     * JSON is UTF-8 (RFC 8259). Decoding it here, strictly, spares the parser its guesses at UTF-16 and UTF-32, which
     * fail on damaged input with exceptions of their own; a byte order mark is skipped, as the parser did.
     */
    private static Reader utf8(InputStream input) throws IOException {
        BufferedReader text = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()),
                1 << 16);
        text.mark(1);
        if (text.read() != '\uFEFF') {
            text.reset();
        }
        return text;
    }

    private static void add(FloatArrayBuilder values, float value, ReadLimits limits, String field)
            throws PayloadTooLargeException {
        if (values.size() >= limits.maxValues()) {
            throw limits.tooManyValues(field);
        }
        values.add(value);
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

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
