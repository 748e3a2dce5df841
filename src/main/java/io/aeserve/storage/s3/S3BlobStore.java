package io.aeserve.storage.s3;

import io.aeserve.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in an S3 bucket, or a server that speaks S3, under a key prefix, so that any number of replicas
 * can share them. A blob's key is the prefix and its path.
 *
 * <p>S3 cannot rename, so a folder is published by a marker instead: a {@link Batch} first writes
 * {@code <folder>/.started}, then its blobs straight to their keys, and {@code <folder>/.complete} last; only
 * folders with that marker are {@link #folders listed}, and a published folder is never written again. The
 * blobs of a folder being written can be read by their paths before it is published: callers find them through
 * published folders, and each folder has one writer (version numbers and dataset ids are never given out twice).
 * A folder's {@code .started} marker goes last when it is removed, so whatever an interrupted write or delete
 * leaves is a folder started and not complete, which {@link #removeLeftovers} clears, and blobs written with
 * {@link #put} are never taken for leftovers.
 */
public final class S3BlobStore implements BlobStore {

    /** S3's smallest part of a multipart upload, apart from the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    static final String STARTED = ".started";
    static final String COMPLETE = ".complete";

    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

    private final Bucket bucket;
    /** Empty, or the key prefix with one slash at its end and none at its start. */
    private final String prefix;
    private final int partSize;
    private final Duration leftoverGrace;
    private final Clock clock;

    /**
     * @param prefix the keys' prefix, such as {@code aeserve/prod}; empty for the whole bucket
     * @param partSize content larger than this is uploaded in parts of this size, each held in memory while it is
     *     sent; at least {@link #MIN_PART_SIZE}
     * @param leftoverGrace how long after its last write an unpublished folder is taken for a leftover, since in a
     *     shared bucket another replica may be writing it
     */
    public S3BlobStore(S3Client s3, String bucket, String prefix, int partSize, Duration leftoverGrace) {
        this(s3, bucket, prefix, partSize, leftoverGrace, Clock.systemUTC());
    }

    /** A store that tells the age of leftovers by {@code clock}. */
    S3BlobStore(S3Client s3, String bucket, String prefix, int partSize, Duration leftoverGrace, Clock clock) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("the part size must be at least " + MIN_PART_SIZE
                    + " bytes (S3's smallest part), not " + partSize);
        }
        this.bucket = new Bucket(s3, bucket);
        this.prefix = normalise(prefix);
        this.partSize = partSize;
        this.leftoverGrace = leftoverGrace;
        this.clock = clock;
    }

    /** Fails with the reason unless the bucket exists and these credentials may use it. */
    public void checkReachable() throws IOException {
        bucket.checkReachable();
    }

    @Override
    public Batch create(String folder) throws IOException {
        String folderKey = folderKey(folder);
        List<String> found = new ArrayList<>();
        bucket.forEachObject(folderKey, object -> found.add(object.key()));
        if (found.contains(folderKey + COMPLETE)) {
            throw new FileAlreadyExistsException(bucket.address(folderKey));
        }
        if (!found.isEmpty()) {
            log.warn("Removing {} objects an unfinished write left in {}", found.size(), bucket.address(folderKey));
            bucket.deleteAll(folderKey, folderKey + STARTED);
        }
        bucket.put(folderKey + STARTED, new byte[0]);
        return new S3Batch(bucket, folderKey, partSize);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return bucket.read(key(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        return bucket.open(key(path));
    }

    @Override
    public long size(String path) throws IOException {
        return bucket.size(key(path));
    }

    @Override
    public void put(String path, byte[] bytes) throws IOException {
        bucket.put(key(path), bytes);
    }

    @Override
    public void delete(String path) throws IOException {
        bucket.delete(key(path));
    }

    @Override
    public List<String> folders(String folder) throws IOException {
        String parentKey = folderKey(folder);
        Set<String> names = new TreeSet<>();
        bucket.forEachObject(parentKey, object -> {
            String rest = object.key().substring(parentKey.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(COMPLETE)) {
                names.add(rest.substring(0, slash));
            }
        });
        return List.copyOf(names);
    }

    @Override
    public void deleteFolder(String folder) throws IOException {
        String folderKey = folderKey(folder);
        if (!bucket.exists(folderKey + COMPLETE)) {
            throw new NoSuchFileException(bucket.address(folderKey));
        }
        bucket.delete(folderKey + COMPLETE);
        try {
            bucket.deleteAll(folderKey, folderKey + STARTED);
        } catch (IOException e) {
            log.warn("Could not remove all of the deleted {}; the rest is removed with the leftovers: {}",
                    bucket.address(folderKey), e.getMessage());
        }
    }

    /**
     * Removes the folders in {@code folder} and below that were started and are not complete, once nothing has
     * been written to them for the grace period, and aborts the multipart uploads begun before it.
     */
    @Override
    public void removeLeftovers(String folder) {
        String start = folderKey(folder);
        Instant cutoff = clock.instant().minus(leftoverGrace);
        try {
            List<S3Object> objects = new ArrayList<>();
            bucket.forEachObject(start, objects::add);
            for (String leftover : unfinishedFolders(objects)) {
                boolean idle = objects.stream().filter(object -> object.key().startsWith(leftover))
                        .allMatch(object -> object.lastModified().isBefore(cutoff));
                if (idle) {
                    log.warn("Removing {}, left by a write or delete that did not finish", bucket.address(leftover));
                    bucket.deleteAll(leftover, leftover + STARTED);
                }
            }
            for (MultipartUpload upload : bucket.openUploads(start)) {
                if (upload.initiated().isBefore(cutoff)) {
                    log.warn("Aborting the upload of {} begun at {}", bucket.address(upload.key()),
                            upload.initiated());
                    bucket.abortUpload(upload.key(), upload.uploadId());
                }
            }
        } catch (IOException e) {
            log.warn("Could not remove the leftovers in {}; they are removed on a later start: {}",
                    bucket.address(start), e.getMessage());
        }
    }

    /** The keys, ending with a slash, of the folders with a {@code .started} marker and no {@code .complete}. */
    private static Set<String> unfinishedFolders(List<S3Object> objects) {
        Set<String> started = new HashSet<>();
        Set<String> complete = new HashSet<>();
        for (S3Object object : objects) {
            String key = object.key();
            if (key.endsWith("/" + STARTED)) {
                started.add(key.substring(0, key.length() - STARTED.length()));
            } else if (key.endsWith("/" + COMPLETE)) {
                complete.add(key.substring(0, key.length() - COMPLETE.length()));
            }
        }
        started.removeAll(complete);
        return started;
    }

    @Override
    public long usedBytes() throws IOException {
        long[] total = {0};
        bucket.forEachObject(prefix, object -> total[0] += object.size());
        return total[0];
    }

    @Override
    public String location() {
        return "s3://" + bucket.name() + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    /** The key of a blob, refusing paths that are not relative, have empty parts or name the store's own. */
    private String key(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.startsWith(".")
                || path.contains("/.") || path.contains("//")) {
            throw new IllegalArgumentException("not a blob path: " + path);
        }
        return prefix + path;
    }

    /** The prefix of the keys in a folder, ending with a slash; the empty folder is the whole store. */
    private String folderKey(String folder) {
        return folder.isEmpty() ? prefix : key(folder) + "/";
    }

    private static String normalise(String prefix) {
        StringBuilder normal = new StringBuilder();
        for (String part : prefix.split("/")) {
            if (!part.isEmpty()) {
                normal.append(part).append('/');
            }
        }
        return normal.toString();
    }
}
