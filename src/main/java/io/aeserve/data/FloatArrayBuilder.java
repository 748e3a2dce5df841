package io.aeserve.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable float array, to read rows without boxing. Large inputs fill fixed-size chunks rather than a doubling
 * array, so reading takes about 4 bytes per value and never asks for one array twice the data; only
 * {@link #toArray()} briefly holds the values twice.
 */
public final class FloatArrayBuilder {

    private static final int CHUNK = 1 << 16;

    private final List<float[]> fullChunks = new ArrayList<>();
    private float[] current = new float[1024];
    private int inCurrent;

    public void add(float value) {
        if (inCurrent == current.length) {
            if (current.length < CHUNK) {
                current = Arrays.copyOf(current, current.length * 2);
            } else {
                fullChunks.add(current);
                current = new float[CHUNK];
                inCurrent = 0;
            }
        }
        current[inCurrent++] = value;
    }

    /** How many values have been added. */
    public long size() {
        return (long) fullChunks.size() * CHUNK + inCurrent;
    }

    public float[] toArray() {
        float[] values = new float[Math.toIntExact(size())];
        int offset = 0;
        for (float[] chunk : fullChunks) {
            System.arraycopy(chunk, 0, values, offset, CHUNK);
            offset += CHUNK;
        }
        System.arraycopy(current, 0, values, offset, inCurrent);
        return values;
    }
}
