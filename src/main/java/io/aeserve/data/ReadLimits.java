package io.aeserve.data;

import io.aeserve.error.PayloadTooLargeException;

/**
 * How large one upload may grow while it is decoded. Readers check sizes against these before they allocate, so a
 * small file cannot ask for a large array.
 *
 * @param maxGunzippedBytes most bytes a gzipped file may inflate to; {@code aeserve.limits.max-upload-size}, so a
 *     gzipped file may hold no more than the same file sent plain
 * @param maxValues most float32 values one file may decode to; {@code aeserve.datasets.max-size} over 4 bytes,
 *     and never more than a Java array holds
 */
record ReadLimits(long maxGunzippedBytes, long maxValues) {

    /** The longest array the JVM allocates; a few elements less than {@code Integer.MAX_VALUE}. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** Installed files are trusted: only the array bound applies. */
    static final ReadLimits INSTALLED_FILES = new ReadLimits(Long.MAX_VALUE, MAX_ARRAY_LENGTH);

    ReadLimits {
        maxValues = Math.min(maxValues, MAX_ARRAY_LENGTH);
    }

    static ReadLimits of(long maxUploadBytes, long maxDatasetBytes) {
        return new ReadLimits(maxUploadBytes, maxDatasetBytes / Float.BYTES);
    }

    PayloadTooLargeException tooManyValues(String field) {
        return new PayloadTooLargeException(field + " holds more than the " + maxValues
                + " values one dataset may hold (aeserve.datasets.max-size, at 4 bytes per value)");
    }

    PayloadTooLargeException tooManyGunzippedBytes(String field, long bytes) {
        return new PayloadTooLargeException(field + " would inflate to " + bytes + " bytes once gunzipped, more than"
                + " the " + maxGunzippedBytes + " bytes an upload may hold (aeserve.limits.max-upload-size)");
    }
}
