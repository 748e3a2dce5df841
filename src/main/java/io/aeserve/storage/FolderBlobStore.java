package io.aeserve.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Blobs as files under the data directory. A folder is written as a {@link StagedFolder} and published by one
 * rename; a blob is replaced through a synced temporary file and a rename.
 */
public final class FolderBlobStore implements BlobStore {

    private final Path root;

    public FolderBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Batch create(String folder) throws IOException {
        Path target = resolve(folder);
        Files.createDirectories(target.getParent());
        StagedFolder staging = StagedFolder.in(target.getParent());
        return new Batch() {
            @Override
            public String write(String name, byte[] bytes) throws IOException {
                return staging.write(name, bytes);
            }

            @Override
            public void write(String name, StagedFolder.Content content) throws IOException {
                staging.write(name, content);
            }

            @Override
            public void publish() throws IOException {
                if (Files.exists(target)) {
                    throw new java.nio.file.FileAlreadyExistsException(target.toString());
                }
                staging.publish(target);
            }

            @Override
            public void close() {
                staging.close();
            }
        };
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(resolve(path));
    }

    @Override
    public long size(String path) throws IOException {
        return Files.size(resolve(path));
    }

    @Override
    public void put(String path, byte[] bytes) throws IOException {
        Path file = resolve(path);
        Files.createDirectories(file.getParent());
        AtomicFiles.replace(file, bytes);
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(path));
    }

    @Override
    public List<String> folders(String folder) throws IOException {
        Path parent = resolve(folder);
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, Files::isDirectory)) {
            children.forEach(child -> {
                if (!StagedFolder.isHidden(child)) {
                    names.add(child.getFileName().toString());
                }
            });
        }
        names.sort(null);
        return names;
    }

    @Override
    public void deleteFolder(String folder) throws IOException {
        StagedFolder.retire(resolve(folder));
    }

    @Override
    public void removeLeftovers(String folder) {
        Path start = resolve(folder);
        if (!Files.isDirectory(start)) {
            return;
        }
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    if (!directory.equals(start) && StagedFolder.isHidden(directory)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    StagedFolder.removeLeftovers(directory);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // leftovers are removed on a later start
        }
    }

    @Override
    public long usedBytes() throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
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
        return total[0];
    }

    @Override
    public String location() {
        return root.toString();
    }

    /** The file of a path, refusing any path that would leave the root. */
    private Path resolve(String path) {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root) || path.startsWith(".") || path.contains("/.")) {
            throw new IllegalArgumentException("not a blob path: " + path);
        }
        return resolved;
    }
}
