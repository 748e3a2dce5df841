package io.aeserve.storage;

import io.aeserve.error.StorageFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The most bytes the data directory may hold ({@code aeserve.limits.max-stored-bytes}). A writer asks before it
 * stores: what is there now is counted from the folder itself, so it is right after restarts and deletes.
 */
public final class StorageQuota {

    private final DataDirectory directory;
    private final long maxBytes;

    public StorageQuota(DataDirectory directory, long maxBytes) {
        this.directory = directory;
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

    /** Bytes the data directory holds now. */
    public long usedBytes() {
        long[] total = {0};
        try {
            Files.walkFileTree(directory.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // a file removed while counting takes no room
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure the data directory " + directory.root(), e);
        }
        return total[0];
    }
}
