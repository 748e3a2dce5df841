package io.aeserve.storage;

import io.aeserve.error.StorageFullException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The most bytes the store may hold ({@code aeserve.limits.max-stored-bytes}). A writer asks before it stores: what
 * is there now is counted from the store itself, so it is right after restarts, deletes and other replicas' writes.
 */
public final class StorageQuota {

    private final BlobStore store;
    private final long maxBytes;

    public StorageQuota(BlobStore store, long maxBytes) {
        this.store = store;
        this.maxBytes = maxBytes;
    }

    /** Throws {@link StorageFullException} (507) when {@code bytes} more would go beyond the quota. */
    public void ensureRoomFor(long bytes) {
        long used = usedBytes();
        if (bytes > maxBytes - used) {
            throw new StorageFullException("Storing " + bytes + " more bytes would go beyond the storage quota of "
                    + maxBytes + " bytes (" + used + " in use); delete models, versions or datasets, or raise "
                    + "aeserve.limits.max-stored-bytes");
        }
    }

    /** Bytes the store holds now. */
    public long usedBytes() {
        try {
            return store.usedBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure the store " + store.location(), e);
        }
    }
}
