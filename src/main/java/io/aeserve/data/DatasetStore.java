package io.aeserve.data;

import io.aeserve.error.NotFoundException;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.Float32Codec;
import io.aeserve.storage.StorageQuota;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Datasets in the blob store: {@code datasets/<id>/} with {@code values.f32} (little-endian float32,
 * row-major), optional {@code labels.i32} (little-endian int32), and {@code dataset.json}, written as one folder.
 */
final class DatasetStore {

    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);
    private static final String DATASETS = "datasets";
    private static final String INFO = "dataset.json";
    private static final String VALUES = "values.f32";
    private static final String LABELS = "labels.i32";

    private final BlobStore blobs;
    private final String root;
    private final JsonMapper mapper;
    private final StorageQuota quota;

    /** The uploaded datasets, in {@code datasets/}. */
    DatasetStore(BlobStore blobs, JsonMapper mapper, StorageQuota quota) {
        this(blobs, DATASETS, mapper, quota);
    }

    private DatasetStore(BlobStore blobs, String root, JsonMapper mapper, StorageQuota quota) {
        this.blobs = blobs;
        this.root = root;
        this.mapper = mapper;
        this.quota = quota;
    }

    /** The same kind of store in another folder of the same blob store. */
    DatasetStore in(String otherRoot) {
        return new DatasetStore(blobs, otherRoot, mapper, quota);
    }

    /** Clears what interrupted uploads and deletes left; called once at start-up. */
    void removeLeftovers() {
        blobs.removeLeftovers(root);
    }

    /** Every stored dataset's description; unreadable ones are logged and left out. */
    List<DatasetInfo> scan() {
        List<DatasetInfo> datasets = new ArrayList<>();
        try {
            for (String id : blobs.folders(root)) {
                try {
                    find(id).ifPresent(datasets::add);
                } catch (RuntimeException e) {
                    log.error("Skipping dataset {}: {}", id, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the datasets in " + blobs.location(), e);
        }
        return datasets;
    }

    /** A dataset's description, or empty when there is none (never stored, or deleted). */
    Optional<DatasetInfo> find(String id) {
        try {
            return Optional.of(mapper.readValue(blobs.read(folder(id) + "/" + INFO), DatasetInfo.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + id, e);
        }
    }

    /** Stores a dataset once the storage quota has room for it: the values, the labels and the description. */
    void write(DatasetInfo info, DataMatrix data) {
        byte[] description = mapper.writeValueAsBytes(info);
        quota.ensureRoomFor(data.bytes() + description.length);
        try (BlobStore.Batch batch = blobs.create(folder(info.id()))) {
            // streamed, so storing a dataset never needs a second copy of it in memory
            batch.write(VALUES, channel -> Float32Codec.write(data.values(), channel));
            if (data.hasLabels()) {
                batch.write(LABELS, channel -> Float32Codec.writeInt32(data.labels(), channel));
            }
            batch.write(INFO, description);
            batch.publish();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store dataset " + info.id(), e);
        }
    }

    DataMatrix read(DatasetInfo info) {
        String folder = folder(info.id());
        try {
            long count = info.rows() * info.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            float[] values = new float[Math.toIntExact(count)];
            try (InputStream in = open(folder + "/" + VALUES, values.length)) {
                Float32Codec.read(Channels.newChannel(in), values);
            }
            int[] labels = null;
            if (info.hasLabels()) {
                labels = new int[info.rows()];
                try (InputStream in = open(folder + "/" + LABELS, labels.length)) {
                    Float32Codec.readInt32(Channels.newChannel(in), labels);
                }
            }
            return new DataMatrix(values, info.rows(), info.shape(), labels);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("dataset", info.id());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + info.id(), e);
        }
    }

    /** The rows of a stored dataset as a stream, read from its files as they are asked for. */
    RowStream stream(DatasetInfo info) {
        String folder = folder(info.id());
        int width = info.shape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
        InputStream values = null;
        try {
            values = open(folder + "/" + VALUES, Math.multiplyExact(info.rows(), width));
            InputStream labels = info.hasLabels() ? open(folder + "/" + LABELS, info.rows()) : null;
            return RowStream.of(info.rows(), info.shape(), values, labels);
        } catch (NoSuchFileException e) {
            closeQuietly(values);
            throw new NotFoundException("dataset", info.id());
        } catch (IOException e) {
            closeQuietly(values);
            throw new UncheckedIOException("Cannot read dataset " + info.id(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            log.warn("Cannot close a dataset file: {}", e.getMessage());
        }
    }

    /** Removes a dataset; {@link NotFoundException} when it is not there, deleted by someone else meanwhile. */
    void delete(String id) {
        try {
            blobs.deleteFolder(folder(id));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("dataset", id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete dataset " + id, e);
        }
    }

    private String folder(String id) {
        return root + "/" + id;
    }

    /** Opens a blob of 4-byte numbers, refusing one whose size is not what {@code count} of them take. */
    private InputStream open(String path, int count) throws IOException {
        long size = blobs.size(path);
        if (size != count * 4L) {
            throw new IOException(path + " holds " + size + " bytes, not " + count * 4L);
        }
        return blobs.open(path);
    }
}
