package io.aeserve.data;

import io.aeserve.error.NotFoundException;
import io.aeserve.storage.Float32Codec;
import io.aeserve.storage.StagedFolder;
import io.aeserve.storage.StorageQuota;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded datasets on disk: {@code datasets/<id>/} with {@code values.f32} (little-endian float32, row-major),
 * optional {@code labels.i32} (little-endian int32), and {@code dataset.json}, written as a {@link StagedFolder}.
 */
final class DatasetStore {

    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);
    private static final String INFO = "dataset.json";
    private static final String VALUES = "values.f32";
    private static final String LABELS = "labels.i32";

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
        StagedFolder.removeLeftovers(root);
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path folder : folders) {
                if (StagedFolder.isHidden(folder)) {
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
        try (StagedFolder staging = StagedFolder.in(root)) {
            // streamed, so storing a dataset never needs a second copy of it in memory
            staging.write(VALUES, channel -> Float32Codec.write(data.values(), channel));
            if (data.hasLabels()) {
                staging.write(LABELS, channel -> Float32Codec.writeInt32(data.labels(), channel));
            }
            staging.write(INFO, description);
            staging.publish(root.resolve(info.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store dataset " + info.id(), e);
        }
    }

    DataMatrix read(DatasetInfo info) {
        Path folder = root.resolve(info.id());
        try {
            long count = info.rows() * info.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            float[] values = new float[Math.toIntExact(count)];
            try (FileChannel channel = open(folder.resolve(VALUES), values.length)) {
                Float32Codec.read(channel, values);
            }
            int[] labels = null;
            if (info.hasLabels()) {
                labels = new int[info.rows()];
                try (FileChannel channel = open(folder.resolve(LABELS), labels.length)) {
                    Float32Codec.readInt32(channel, labels);
                }
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
        try {
            StagedFolder.retire(root.resolve(id));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("dataset", id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete dataset " + id, e);
        }
    }

    /** Opens a file of 4-byte numbers, refusing one whose size is not what {@code count} of them take. */
    private static FileChannel open(Path file, int count) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        if (channel.size() != count * 4L) {
            long size = channel.size();
            channel.close();
            throw new IOException(file + " holds " + size + " bytes, not " + count * 4L);
        }
        return channel;
    }
}
