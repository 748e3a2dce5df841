package io.aeserve.inference;

import io.aeserve.data.NestedRows;
import io.aeserve.error.InvalidInputException;
import io.aeserve.table.NamedRows;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads inference rows, flat or nested {@code [C][H][W]} as {@link NestedRows} reads them, or objects by column name
 * as {@link NamedRows} reads them; the first row decides which.
 */
final class InputRowsDeserializer extends ValueDeserializer<InputRows> {

    @Override
    public InputRows deserialize(JsonParser parser, DeserializationContext context) {
        String field = parser.currentName() != null ? parser.currentName() : "inputs";
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidInputException(field, "must be an array of rows");
        }
        if (parser.nextToken() == JsonToken.START_OBJECT) {
            return InputRows.byName(NamedRows.readRows(parser, field));
        }
        NestedRows rows = NestedRows.readRows(parser, field);
        return new InputRows(rows.values(), rows.rows(), rows.rowShape());
    }
}
