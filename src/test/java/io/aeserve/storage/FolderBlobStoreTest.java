package io.aeserve.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FolderBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    /** The data directory has one writer: what an unfinished write left is removed whatever its age. */
    @Override
    protected BlobStore openStore(Duration leftoverGrace) {
        return new FolderBlobStore(root);
    }

    @Override
    protected List<String> storedNames() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
