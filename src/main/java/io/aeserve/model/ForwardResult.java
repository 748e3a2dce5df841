package io.aeserve.model;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a forward pass over {@code rows} rows gave back: one array per output asked for, row after row. Every
 * output has a fixed number of values per row, so results are sliced and joined without knowing what they hold.
 */
public record ForwardResult(int rows, Map<ForwardOutput, float[]> arrays) {

    public ForwardResult {
        arrays = arrays.isEmpty() ? Map.of() : new EnumMap<>(arrays);
    }

    /** The output's values; it must have been asked for. */
    public float[] get(ForwardOutput output) {
        float[] values = arrays.get(output);
        if (values == null) {
            throw new IllegalStateException(output + " was not computed by this forward pass");
        }
        return values;
    }

    public boolean has(ForwardOutput output) {
        return arrays.containsKey(output);
    }

    /** Rows {@code from} to {@code from + count} of the given outputs. */
    public ForwardResult slice(int from, int count, Set<ForwardOutput> outputs) {
        Map<ForwardOutput, float[]> sliced = new EnumMap<>(ForwardOutput.class);
        for (ForwardOutput output : outputs) {
            float[] values = get(output);
            int width = values.length / rows;
            sliced.put(output, Arrays.copyOfRange(values, from * width, (from + count) * width));
        }
        return new ForwardResult(count, sliced);
    }

    /** The parts' rows one after the other; every part holds the same outputs. */
    public static ForwardResult concat(List<ForwardResult> parts) {
        int rows = parts.stream().mapToInt(ForwardResult::rows).sum();
        Map<ForwardOutput, float[]> joined = new EnumMap<>(ForwardOutput.class);
        for (ForwardOutput output : parts.get(0).arrays().keySet()) {
            float[] all = new float[parts.stream().mapToInt(part -> part.get(output).length).sum()];
            int offset = 0;
            for (ForwardResult part : parts) {
                float[] values = part.get(output);
                System.arraycopy(values, 0, all, offset, values.length);
                offset += values.length;
            }
            joined.put(output, all);
        }
        return new ForwardResult(rows, joined);
    }
}
