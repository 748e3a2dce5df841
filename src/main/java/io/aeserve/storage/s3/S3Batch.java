package io.aeserve.storage.s3;

import io.aeserve.storage.AtomicFiles;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.StagedFolder;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder being written to S3: its blobs go straight to their keys, and the folder's {@code .complete} marker,
 * written last, publishes them. Closed unpublished, the batch removes whatever is under the folder.
 */
final class S3Batch implements BlobStore.Batch {

    private static final Logger log = LoggerFactory.getLogger(S3Batch.class);

    private final Bucket bucket;
    private final String folderKey;
    private final int partSize;
    private boolean published;
    /** Another batch published this folder first: what is under it is now that one's, and stays. */
    private boolean overtaken;

    /** A batch for the folder whose keys start with {@code folderKey} (which ends with a slash). */
    S3Batch(Bucket bucket, String folderKey, int partSize) {
        this.bucket = bucket;
        this.folderKey = folderKey;
        this.partSize = partSize;
    }

    @Override
    public String write(String name, byte[] bytes) throws IOException {
        bucket.put(key(name), bytes);
        return AtomicFiles.sha256(bytes);
    }

    @Override
    public void write(String name, StagedFolder.Content content) throws IOException {
        PartUploadChannel channel = new PartUploadChannel(bucket, key(name), partSize);
        boolean written = false;
        try {
            content.writeTo(channel);
            channel.finish();
            written = true;
        } finally {
            if (!written) {
                channel.abort();
            }
        }
    }

    @Override
    public void publish() throws IOException {
        if (published) {
            throw new IllegalStateException(bucket.address(folderKey) + " is published already");
        }
        if (bucket.exists(folderKey + S3BlobStore.COMPLETE)) {
            overtaken = true;
            throw new FileAlreadyExistsException(bucket.address(folderKey));
        }
        bucket.put(folderKey + S3BlobStore.COMPLETE, new byte[0]);
        published = true;
    }

    @Override
    public void close() {
        if (published || overtaken) {
            return;
        }
        try {
            bucket.deleteAll(folderKey, folderKey + S3BlobStore.STARTED);
        } catch (IOException e) {
            log.warn("Could not remove the unpublished {}; it is removed with the leftovers: {}",
                    bucket.address(folderKey), e.getMessage());
        }
    }

    private String key(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/")) {
            throw new IllegalArgumentException("not a blob name: " + name);
        }
        return folderKey + name;
    }
}
