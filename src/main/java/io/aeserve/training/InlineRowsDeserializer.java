package io.aeserve.training;

import io.aeserve.data.NestedRows;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** Reads a training request's {@code data} rows, flat or nested {@code [C][H][W]}, as {@link NestedRows} reads them. */
final class InlineRowsDeserializer extends ValueDeserializer<InlineRows> {

    @Override
    public InlineRows deserialize(JsonParser parser, DeserializationContext context) {
        NestedRows rows = NestedRows.read(parser, "data");
        return new InlineRows(rows.values(), rows.rows(), rows.rowShape());
    }
}
