package io.aeserve.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body whole into one array. A body that declares its length is read straight into an array of
 * that length, instead of in 8 KiB pieces copied together at the end; past {@link #LARGEST_PREALLOCATED} it is read
 * piece by piece as it arrives, so that a client declaring a large body it never sends cannot make the service set
 * aside memory for it.
 */
public final class RequestBodies {

    /** Room for 2,560 rows of 784 float32 values; larger declared bodies are read as they arrive. */
    static final int LARGEST_PREALLOCATED = 8 << 20;

    private RequestBodies() {}

    /** The body's bytes; {@code declaredLength} is its Content-Length, or -1 when it has none. */
    public static byte[] read(InputStream body, long declaredLength) throws IOException {
        if (declaredLength < 0 || declaredLength > LARGEST_PREALLOCATED) {
            return body.readAllBytes();
        }
        byte[] bytes = new byte[(int) declaredLength];
        int read = body.readNBytes(bytes, 0, bytes.length);
        return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
    }
}
