package io.aeserve.support;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks for what some tests need from the machine. On a developer machine a missing requirement skips the test
 * with the reason; under CI (environment variable CI set) it fails it, because CI installs everything.
 */
public final class Requirements {

    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private Requirements() {}

    public static void fashionMnist() {
        require(Files.exists(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed at " + FASHION_MNIST + " (apt-get install dataset-fashion-mnist)");
    }

    public static void require(boolean present, String reason) {
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI must provide this: " + reason);
        } else {
            assumeTrue(present, reason);
        }
    }
}
