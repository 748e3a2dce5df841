package io.aeserve.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Durable writes: write, flush to disk, then rename into place, so readers see the old file or the new one. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes bytes and forces them to disk; returns their SHA-256. */
    public static String writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(bytes);
            out.flush();
            channel.force(true);
        }
        return sha256(bytes);
    }

    /** Replaces {@code target} with {@code bytes} atomically. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        writeSynced(temporary, bytes);
        move(temporary, target);
    }

    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target);
        }
        syncDirectory(target.getParent());
    }

    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for syncing; the rename itself is still atomic
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a folder and everything in it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
