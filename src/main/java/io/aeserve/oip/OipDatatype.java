package io.aeserve.oip;

/** The tensor data types this service reads and writes, with the bytes one element takes in binary form. */
public enum OipDatatype {
    FP32(4),
    BOOL(1);

    private final int bytes;

    OipDatatype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
