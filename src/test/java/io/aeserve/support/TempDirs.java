package io.aeserve.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders for tests whose Spring context or service process needs one before JUnit's @TempDir is injected,
 * and their removal.
 */
public final class TempDirs {

    private TempDirs() {}

    public static Path create(String prefix) {
        try {
            Path folder = Files.createTempDirectory("aeserve-" + prefix + "-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a temporary folder and everything in it, as far as it can. */
    public static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: what is left goes with the machine's temporary files
        }
    }
}
