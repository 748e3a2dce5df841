package io.aeserve.data;

import io.aeserve.error.NotFoundException;
import io.aeserve.storage.AtomicFiles;
import io.aeserve.storage.StorageQuota;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    private static final int CHUNK_NUMBERS = 1 << 16;

    private final Path root;
    private final JsonMapper mapper;
    private final StorageQuota quota;

    DatasetStore(Path root, JsonMapper mapper, StorageQuota quota) {
        this.root = root;
        this.mapper = mapper;
        this.quota = quota;
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

    /** Stores a dataset once the storage quota has room for it: the values, the labels and the description. */
    void write(DatasetInfo info, DataMatrix data) {
        byte[] description = mapper.writeValueAsBytes(info);
        quota.ensureRoomFor(data.bytes() + description.length);
        Path staging = root.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            writeSynced(staging.resolve(VALUES), data.values().length,
                    (buffer, from, n) -> buffer.asFloatBuffer().put(data.values(), from, n));
            if (data.hasLabels()) {
                writeSynced(staging.resolve(LABELS), data.rows(),
                        (buffer, from, n) -> buffer.asIntBuffer().put(data.labels(), from, n));
            }
            AtomicFiles.writeSynced(staging.resolve(INFO), description);
            AtomicFiles.move(staging, root.resolve(info.id()));
        } catch (IOException e) {
            deleteRecursively(staging);
            throw new UncheckedIOException("Cannot store dataset " + info.id(), e);
        }
    }

    DataMatrix read(DatasetInfo info) {
        Path folder = root.resolve(info.id());
        try {
            long count = info.rows() * info.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            float[] values = new float[Math.toIntExact(count)];
            readChunks(folder.resolve(VALUES), values.length,
                    (buffer, from, n) -> buffer.asFloatBuffer().get(values, from, n));
            int[] labels = null;
            if (info.hasLabels()) {
                int[] read = new int[info.rows()];
                readChunks(folder.resolve(LABELS), read.length,
                        (buffer, from, n) -> buffer.asIntBuffer().get(read, from, n));
                labels = read;
            }
            return new DataMatrix(values, info.rows(), info.shape(), labels);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("dataset", info.id());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + info.id(), e);
        }
    }

    /** Removes a dataset; {@link NotFoundException} when it is not there, deleted by someone else meanwhile. */
    void delete(String id) {
        Path retired = root.resolve(".deleted-" + UUID.randomUUID());
        try {
            AtomicFiles.move(root.resolve(id), retired);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("dataset", id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete dataset " + id, e);
        }
        deleteRecursively(retired);
    }

    /** Copies 4-byte numbers between an array and a little-endian buffer, {@code n} of them from {@code from}. */
    private interface ChunkCopy {
        void copy(ByteBuffer buffer, int from, int n);
    }

    // chunk by chunk, so storing or loading a dataset never needs a second copy of it in memory
    private static void writeSynced(Path file, int count, ChunkCopy copy) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_NUMBERS * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < count; from += CHUNK_NUMBERS) {
                int n = Math.min(CHUNK_NUMBERS, count - from);
                buffer.clear();
                copy.copy(buffer, from, n);
                buffer.limit(n * 4);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(true);
        }
    }

    private static void readChunks(Path file, int count, ChunkCopy copy) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != count * 4L) {
                throw new IOException(file + " holds " + channel.size() + " bytes, not " + count * 4L);
            }
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_NUMBERS * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < count; from += CHUNK_NUMBERS) {
                int n = Math.min(CHUNK_NUMBERS, count - from);
                buffer.clear().limit(n * 4);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new IOException(file + " ended while it was read");
                    }
                }
                copy.copy(buffer.flip(), from, n);
            }
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
