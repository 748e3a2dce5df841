package io.aeserve.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The service's data folder, with the sub-folders each feature owns. */
public final class DataDirectory {

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** A sub-folder of the data directory, created when missing. */
    public Path folder(String name) {
        Path folder = root.resolve(name);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
    }

    /** Whether a file can be created, written and removed in the data directory right now. */
    public boolean isWritable() {
        try {
            Path probe = Files.createTempFile(root, ".probe-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
