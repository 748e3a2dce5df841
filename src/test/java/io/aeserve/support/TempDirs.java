package io.aeserve.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary folders for tests whose Spring context needs one before JUnit's @TempDir is injected. */
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
}
