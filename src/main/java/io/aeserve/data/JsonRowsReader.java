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
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON array of rows: each row an array of numbers, or an object whose numeric fields, in the first row's
 * order, are the features. Streamed, so large files are read without building a tree.
 *
 * <p>The parser is this reader's own, with its limits spelled out, so what an upload may hold does not change
 * when the application's mapper is tuned for something else. Rows nest two deep; strings are never read, only
 * refused, and
 * nothing deeper than a row is entered.
 */
final class JsonRowsReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(1000)
                    .maxNameLength(1000)
                    .build())
            .build();

    private JsonRowsReader() {}

    static DataMatrix readValues(InputStream input, ReadLimits limits, String field) throws IOException {
        FloatArrayBuilder values = new FloatArrayBuilder();
        List<String> keys = null;
        int width = -1;
        int rows = 0;
        try (Reader text = utf8(input); JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(field, "must be a JSON array of rows");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
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
