package io.aeserve.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder that appears whole or not at all. It is filled under a hidden name ({@code .tmp-<uuid>}) next to where
 * it will live, every file forced to disk, and published by one atomic rename; closed unpublished, it is removed.
 * A folder is removed the same way backwards: renamed out of sight ({@code .deleted-<uuid>}) and then deleted. A
 * crash therefore leaves only hidden folders, which {@link #removeLeftovers} clears at start-up.
 */
public final class StagedFolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StagedFolder.class);
    private static final String STAGING_PREFIX = ".tmp-";
    private static final String RETIRED_PREFIX = ".deleted-";

    /** Writes a file's content to its channel. */
    @FunctionalInterface
    public interface Content {
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    private final Path path;
    private boolean published;

    private StagedFolder(Path path) {
        this.path = path;
    }

    /** Creates an empty staging folder in {@code parent}, the folder the published one will live in. */
    public static StagedFolder in(Path parent) throws IOException {
        return new StagedFolder(Files.createDirectory(parent.resolve(STAGING_PREFIX + UUID.randomUUID())));
    }

    /** Writes a file forced to disk; returns its SHA-256. */
    public String write(String name, byte[] bytes) throws IOException {
        return AtomicFiles.writeSynced(path.resolve(name), bytes);
    }

    /** Writes a new file from a stream of content, forced to disk; for content too large to hold as bytes. */
    public void write(String name, Content content) throws IOException {
        try (FileChannel channel = FileChannel.open(path.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            content.writeTo(channel);
            channel.force(true);
        }
    }

    public void createFolder(String name) throws IOException {
        Files.createDirectory(path.resolve(name));
    }

    /** Syncs the folder and renames it to {@code target} in one step; the target's parent must exist. */
    public void publish(Path target) throws IOException {
        AtomicFiles.syncDirectory(path);
        AtomicFiles.move(path, target);
        published = true;
    }

    /** Removes the staging folder unless it was published. */
    @Override
    public void close() {
        if (!published) {
            deleteQuietly(path);
        }
    }

    /**
     * Renames a folder out of sight, so a crash mid-delete leaves nothing half visible, then removes it; a removal
     * that fails leaves a leftover for start-up. {@link java.nio.file.NoSuchFileException} when it is not there.
     */
    public static void retire(Path folder) throws IOException {
        Path retired = folder.resolveSibling(RETIRED_PREFIX + UUID.randomUUID());
        AtomicFiles.move(folder, retired);
        deleteQuietly(retired);
    }

    /** Whether a name in a store's folder is hidden: a leftover, or anything else that is not the store's. */
    public static boolean isHidden(Path child) {
        return child.getFileName().toString().startsWith(".");
    }

    /** Removes the staging and retired folders a crash left in {@code parent}; a missing parent has none. */
    public static void removeLeftovers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith(STAGING_PREFIX) || name.startsWith(RETIRED_PREFIX)) {
                    log.warn("Removing {} left by an interrupted write or delete", child);
                    deleteQuietly(child);
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for leftovers in {}: {}", parent, e.getMessage());
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            AtomicFiles.deleteRecursively(folder);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", folder, e.getMessage());
        }
    }
}
