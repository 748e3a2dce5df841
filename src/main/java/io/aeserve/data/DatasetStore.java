package io.aeserve.data;

import io.aeserve.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded datasets on disk: {@code datasets/<id>/} with {@code values.f32} (little-endian float32, row-major),
 * optional {@code labels.i32}, and {@code dataset.json}, written into a temporary folder and renamed into place.
 */
final class DatasetStore {

    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);
    private static final String INFO = "dataset.json";
    private static final String VALUES = "values.f32";
    private static final String LABELS = "labels.i32";

    private final Path root;
    private final JsonMapper mapper;

    DatasetStore(Path root, JsonMapper mapper) {
        this.root = root;
        this.mapper = mapper;
    }

    List<DatasetInfo> scan() {
        List<DatasetInfo> datasets = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path folder : folders) {
                if (folder.getFileName().toString().startsWith(".")) {
                    log.warn("Removing {} left by an interrupted upload or delete", folder);
                    deleteRecursively(folder);
                    continue;
                }
                try {
                    datasets.add(mapper.readValue(folder.resolve(INFO).toFile(), DatasetInfo.class));
                } catch (RuntimeException e) {
                    log.error("Skipping dataset folder {}: {}", folder, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return datasets;
    }

    void write(DatasetInfo info, DataMatrix data) {
        Path staging = root.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            ByteBuffer values = ByteBuffer.allocate(data.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            values.asFloatBuffer().put(data.values());
            AtomicFiles.writeSynced(staging.resolve(VALUES), values.array());
            if (data.hasLabels()) {
                ByteBuffer labels = ByteBuffer.allocate(data.rows() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                labels.asIntBuffer().put(data.labels());
                AtomicFiles.writeSynced(staging.resolve(LABELS), labels.array());
            }
            AtomicFiles.writeSynced(staging.resolve(INFO), mapper.writeValueAsBytes(info));
            AtomicFiles.move(staging, root.resolve(info.id()));
        } catch (IOException e) {
            deleteRecursively(staging);
            throw new UncheckedIOException("Cannot store dataset " + info.id(), e);
        }
    }

    DataMatrix read(DatasetInfo info) {
        Path folder = root.resolve(info.id());
        try {
            float[] values = new float[info.rows() * info.shape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b)];
            readInto(folder.resolve(VALUES)).asFloatBuffer().get(values);
            int[] labels = null;
            if (info.hasLabels()) {
                labels = new int[info.rows()];
                readInto(folder.resolve(LABELS)).asIntBuffer().get(labels);
            }
            return new DataMatrix(values, info.rows(), info.shape(), labels);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + info.id(), e);
        }
    }

    void delete(String id) {
        Path retired = root.resolve(".deleted-" + UUID.randomUUID());
        try {
            AtomicFiles.move(root.resolve(id), retired);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete dataset " + id, e);
        }
        deleteRecursively(retired);
    }

    private static ByteBuffer readInto(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the file is in
            }
            return buffer.flip();
        }
    }

    private static void deleteRecursively(Path folder) {
        try {
            AtomicFiles.deleteRecursively(folder);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", folder, e.getMessage());
        }
    }
}
