package io.aeserve.oip;

import java.util.List;

/**
 * A tensor of the protocol, independent of its transport: name, data type, shape, and its elements flat in row-major
 * order, as floats (FP32) or booleans (BOOL).
 */
public record OipTensor(String name, OipDatatype datatype, List<Long> shape, float[] floats, boolean[] booleans) {

    public static OipTensor fp32(String name, List<Long> shape, float[] values) {
        return new OipTensor(name, OipDatatype.FP32, List.copyOf(shape), values, null);
    }

    public static OipTensor bool(String name, List<Long> shape, boolean[] values) {
        return new OipTensor(name, OipDatatype.BOOL, List.copyOf(shape), null, values);
    }

    /** Number of elements. */
    public int size() {
        return datatype == OipDatatype.BOOL ? booleans.length : floats.length;
    }
}
