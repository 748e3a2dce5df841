package io.aeserve.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Named blobs in folders, such as {@code models/fraud/versions/3/spec.json}: the data directory or an S3 bucket.
 * Paths are relative, separated by {@code /}, and never start with a dot (names starting with a dot are the
 * store's own). A folder is written whole through a {@link Batch}: none of its blobs is visible until it is
 * published, and a crash before that leaves only leftovers that {@link #removeLeftovers} clears.
 */
public interface BlobStore {

    /** Starts writing a new folder; its parent folders need not exist. */
    Batch create(String folder) throws IOException;

    /** A blob's bytes; {@link java.nio.file.NoSuchFileException} when there is none. */
    byte[] read(String path) throws IOException;

    /** A blob as a stream, for blobs too large to hold twice; {@link java.nio.file.NoSuchFileException} when none. */
    InputStream open(String path) throws IOException;

    /** A blob's size in bytes; {@link java.nio.file.NoSuchFileException} when there is none. */
    long size(String path) throws IOException;

    /** Writes or replaces one small blob in one step (a model's description, its served version). */
    void put(String path, byte[] bytes) throws IOException;

    /** Removes one blob; nothing happens when it is not there. */
    void delete(String path) throws IOException;

    /** The names of the published folders directly in {@code folder}, sorted; empty when there are none. */
    List<String> folders(String folder) throws IOException;

    /**
     * Removes a published folder and all it holds; it stops being visible in one step, before its blobs go.
     * {@link java.nio.file.NoSuchFileException} when it is not there.
     */
    void deleteFolder(String folder) throws IOException;

    /** Removes what interrupted writes and deletes left in {@code folder} and below; called at start-up. */
    void removeLeftovers(String folder);

    /** The bytes stored now, for the storage quota. */
    long usedBytes() throws IOException;

    /** Where the blobs live, for logs and health: a folder or an {@code s3://} address. */
    String location();

    /** The blobs of a folder being written; closed unpublished, they are removed. */
    interface Batch extends AutoCloseable {

        /** Writes a blob; returns its SHA-256 in hex. */
        String write(String name, byte[] bytes) throws IOException;

        /** Writes a blob from a stream of content, for content too large to hold as bytes. */
        void write(String name, StagedFolder.Content content) throws IOException;

        /** Makes every blob written visible under the folder at once; fails when the folder exists already. */
        void publish() throws IOException;

        @Override
        void close();
    }
}
