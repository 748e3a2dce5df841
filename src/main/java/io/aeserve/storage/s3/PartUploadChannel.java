package io.aeserve.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Content written to an object one part at a time, so that no more than one part is ever held in memory: content
 * that fits in one part is sent as one object when {@link #finish finished}; larger content becomes a multipart
 * upload, begun when the first part is full. Whoever writes calls {@link #finish} on success and {@link #abort} on
 * any failure, so no upload is left open.
 */
final class PartUploadChannel implements WritableByteChannel {

    /** S3 takes at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;

    private final Bucket bucket;
    private final String key;
    private final byte[] part;
    private final List<CompletedPart> sent = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean open = true;

    PartUploadChannel(Bucket bucket, String key, int partSize) {
        this.bucket = bucket;
        this.key = key;
        this.part = new byte[partSize];
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int written = source.remaining();
        while (source.hasRemaining()) {
            int length = Math.min(source.remaining(), part.length - filled);
            source.get(part, filled, length);
            filled += length;
            if (filled == part.length) {
                sendPart();
            }
        }
        return written;
    }

    /** Sends what is left and makes the object appear whole. */
    void finish() throws IOException {
        open = false;
        if (uploadId == null) {
            bucket.put(key, part, filled);
            return;
        }
        if (filled > 0) {
            sendPart();
        }
        bucket.completeUpload(key, uploadId, sent);
        uploadId = null;
    }

    /** Drops the parts sent, if any. */
    void abort() {
        open = false;
        if (uploadId != null) {
            bucket.abortUpload(key, uploadId);
            uploadId = null;
        }
    }

    private void sendPart() throws IOException {
        if (sent.size() == MAX_PARTS) {
            throw new IOException(bucket.address(key) + " would take more than " + MAX_PARTS + " parts of "
                    + part.length + " bytes; raise aeserve.store.s3.part-size");
        }
        if (uploadId == null) {
            uploadId = bucket.startUpload(key);
        }
        sent.add(bucket.uploadPart(key, uploadId, sent.size() + 1, part, filled));
        filled = 0;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Stops taking content; the writer still finishes or aborts. */
    @Override
    public void close() {
        open = false;
    }
}
