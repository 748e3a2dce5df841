package io.aeserve.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects of one bucket through the SDK's synchronous client, with every SDK failure turned into an
 * {@link IOException}: a {@link NoSuchFileException} when the object is not there.
 */
final class Bucket {

    /** The most keys one DeleteObjects request takes. */
    private static final int DELETE_BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(Bucket.class);

    private final S3Client s3;
    private final String name;

    Bucket(S3Client s3, String name) {
        this.s3 = s3;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Fails unless the bucket exists and these credentials may use it. */
    void checkReachable() throws IOException {
        try {
            s3.headBucket(request -> request.bucket(name));
        } catch (NoSuchBucketException e) {
            throw new IOException("the bucket " + name + " does not exist", e);
        } catch (S3Exception e) {
            throw new IOException(switch (e.statusCode()) {
                case 404 -> "the bucket " + name + " does not exist";
                case 301 -> "the bucket " + name + " is in another region than the one configured";
                case 401, 403 -> "access to the bucket " + name + " is denied to these credentials";
                default -> "the bucket " + name + " answered HTTP " + e.statusCode();
            }, e);
        } catch (SdkClientException e) {
            throw new IOException("S3 cannot be reached: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw failure(null, e);
        }
    }

    void put(String key, byte[] bytes) throws IOException {
        put(key, bytes, bytes.length);
    }

    /** Writes the first {@code length} bytes of {@code bytes} as one object. */
    void put(String key, byte[] bytes, int length) throws IOException {
        call(key, () -> s3.putObject(request -> request.bucket(name).key(key), body(bytes, length)));
    }

    byte[] read(String key) throws IOException {
        return call(key, () -> s3.getObjectAsBytes(request -> request.bucket(name).key(key)).asByteArray());
    }

    InputStream open(String key) throws IOException {
        return new FailureMappingStream(key, call(key, () -> s3.getObject(request -> request.bucket(name).key(key))));
    }

    long size(String key) throws IOException {
        return call(key, () -> s3.headObject(request -> request.bucket(name).key(key)).contentLength());
    }

    boolean exists(String key) throws IOException {
        try {
            size(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    void delete(String key) throws IOException {
        call(key, () -> s3.deleteObject(request -> request.bucket(name).key(key)));
    }

    /** Passes every object whose key starts with {@code prefix} to {@code action}, page by page. */
    void forEachObject(String prefix, Consumer<S3Object> action) throws IOException {
        call(prefix, () -> {
            s3.listObjectsV2Paginator(request -> request.bucket(name).prefix(prefix)).contents().forEach(action);
            return null;
        });
    }

    /** The multipart uploads begun and neither completed nor aborted under {@code prefix}. */
    List<MultipartUpload> openUploads(String prefix) throws IOException {
        List<MultipartUpload> uploads = new ArrayList<>();
        call(prefix, () -> {
            s3.listMultipartUploadsPaginator(request -> request.bucket(name).prefix(prefix)).uploads()
                    .forEach(uploads::add);
            return null;
        });
        return uploads;
    }

    /**
     * Removes every object under {@code prefix}, the key {@code last} after all the others, so that an interrupted
     * removal leaves {@code last} behind to show what is left.
     */
    void deleteAll(String prefix, String last) throws IOException {
        List<String> keys = new ArrayList<>();
        forEachObject(prefix, object -> {
            if (!object.key().equals(last)) {
                keys.add(object.key());
            }
        });
        for (int start = 0; start < keys.size(); start += DELETE_BATCH) {
            deleteBatch(keys.subList(start, Math.min(keys.size(), start + DELETE_BATCH)));
        }
        delete(last);
    }

    private void deleteBatch(List<String> keys) throws IOException {
        List<ObjectIdentifier> objects = keys.stream().map(key -> ObjectIdentifier.builder().key(key).build())
                .toList();
        DeleteObjectsResponse response = call(keys.get(0), () -> s3.deleteObjects(request -> request.bucket(name)
                .delete(Delete.builder().objects(objects).quiet(true).build())));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            throw new IOException("S3 did not delete " + response.errors().size() + " objects, such as "
                    + response.errors().get(0).key() + ": " + response.errors().get(0).message());
        }
    }

    String startUpload(String key) throws IOException {
        return call(key, () -> s3.createMultipartUpload(request -> request.bucket(name).key(key)).uploadId());
    }

    CompletedPart uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
        String eTag = call(key, () -> s3.uploadPart(request -> request.bucket(name).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) length), body(bytes, length)).eTag());
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    void completeUpload(String key, String uploadId, List<CompletedPart> parts) throws IOException {
        call(key, () -> s3.completeMultipartUpload(request -> request.bucket(name).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts))));
    }

    /** Aborts an upload, so the parts sent stop taking room; a failure is logged, not thrown. */
    void abortUpload(String key, String uploadId) {
        try {
            call(key, () -> s3.abortMultipartUpload(request -> request.bucket(name).key(key).uploadId(uploadId)));
        } catch (IOException e) {
            log.warn("Could not abort the upload of {}; its parts stay until it is aborted: {}", address(key),
                    e.getMessage());
        }
    }

    String address(String key) {
        return "s3://" + name + "/" + key;
    }

    /** The bytes as a request body, read again from the array when the SDK retries, never copied. */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    private <T> T call(String key, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(key, e);
        }
    }

    private IOException failure(String key, SdkException e) {
        boolean missingKey = e instanceof NoSuchKeyException
                || e instanceof S3Exception s3Exception && s3Exception.statusCode() == 404
                        && !(e instanceof NoSuchBucketException);
        if (missingKey && key != null) {
            NoSuchFileException missing = new NoSuchFileException(address(key));
            missing.initCause(e);
            return missing;
        }
        return new IOException("S3 request for " + (key == null ? "s3://" + name : address(key)) + " failed: "
                + e.getMessage(), e);
    }

    /** An object's content, whose read failures from the SDK arrive as IOExceptions too. */
    private final class FailureMappingStream extends FilterInputStream {

        private final String key;

        FailureMappingStream(String key, InputStream in) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SdkException e) {
                throw failure(key, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SdkException e) {
                throw failure(key, e);
            }
        }
    }
}
