package io.aeserve.web;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a float array, most of what the service answers (rows of reconstructions, codes, scores), as one piece of
 * text made by {@link ShortestFloat}: the same text as Jackson's own float array writer, several times faster than
 * a string per number. An array holding NaN or an infinity goes number by number through the generator, which
 * writes those as its settings say.
 */
final class FloatArrayJson extends StdSerializer<float[]> {

    FloatArrayJson() {
        super(float[].class);
    }

    @Override
    public void serialize(float[] values, JsonGenerator generator, SerializationContext context) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                writeEach(values, generator);
                return;
            }
        }
        byte[] text = new byte[2 + values.length * (ShortestFloat.MAX_LENGTH + 1) + ShortestFloat.ROOM];
        text[0] = '[';
        int at = ShortestFloat.writeAll(values, text, 1);
        text[at++] = ']';
        generator.writeRawValue(new AsciiJson(text, at));
    }

    private static void writeEach(float[] values, JsonGenerator generator) {
        generator.writeStartArray(values, values.length);
        for (float value : values) {
            generator.writeNumber(value);
        }
        generator.writeEndArray();
    }
}
