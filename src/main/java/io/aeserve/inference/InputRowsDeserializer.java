package io.aeserve.inference;

import io.aeserve.data.NestedRows;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** Reads inference rows, flat or nested {@code [C][H][W]}, as {@link NestedRows} reads them. */
final class InputRowsDeserializer extends ValueDeserializer<InputRows> {

    @Override
    public InputRows deserialize(JsonParser parser, DeserializationContext context) {
        NestedRows rows = NestedRows.read(parser, "inputs");
        return new InputRows(rows.values(), rows.rows(), rows.rowShape());
    }
}
