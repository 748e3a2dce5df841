package io.aeserve.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.storage.BlobStore;
import io.aeserve.storage.BlobStoreContract;
import io.aeserve.support.S3TestServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The blob store contract against S3Proxy, and what only S3 does: parts, markers, the grace period. */
@Tag("slow")
class S3BlobStoreTest extends BlobStoreContract {

    private static S3TestServer server;
    private static String bucket;

    /** Each test in a prefix of its own, with slashes to normalise. */
    private final String prefix = "/tests//" + UUID.randomUUID() + "/";

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start();
        bucket = server.createBucket();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected BlobStore openStore(Duration leftoverGrace) {
        return new S3BlobStore(server.client(), bucket, prefix, S3BlobStore.MIN_PART_SIZE, leftoverGrace);
    }

    @Override
    protected List<String> storedNames() {
        String keyPrefix = normalPrefix();
        return server.client().listObjectsV2Paginator(request -> request.bucket(bucket).prefix(keyPrefix)).contents()
                .stream().map(S3Object::key).map(key -> key.substring(keyPrefix.length())).sorted().toList();
    }

    @Test
    void blobsAreStoredUnderTheNormalisedPrefix() throws IOException {
        store.put("models/fraud/model.json", bytes("{}"));
        assertThat(server.client().headObject(request -> request.bucket(bucket)
                .key(normalPrefix() + "models/fraud/model.json")).contentLength()).isEqualTo(2);
        assertThat(store.location()).isEqualTo("s3://" + bucket + "/" + normalPrefix().replaceAll("/$", ""));
    }

    @Test
    void aPublishedFolderHasItsMarkers() throws IOException {
        publish("models/fraud/versions/1", "spec.json", "{}");
        assertThat(storedNames()).containsExactly("models/fraud/versions/1/.complete",
                "models/fraud/versions/1/.started", "models/fraud/versions/1/spec.json");
    }

    @Test
    void contentLargerThanOnePartIsUploadedInPartsAndSmallContentInOneRequest() throws IOException {
        List<String> requests = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request().getClass().getSimpleName().replace("Request", ""));
            }
        };
        try (S3Client recorded = S3TestServer.clientBuilder(server.endpoint())
                .overrideConfiguration(configuration -> configuration.addExecutionInterceptor(recorder)).build();
                BlobStore.Batch batch = new S3BlobStore(recorded, bucket, prefix, S3BlobStore.MIN_PART_SIZE,
                        Duration.ofHours(1)).create("datasets/d1")) {
            requests.clear();
            batch.write("large.f32", channel -> channel.write(ByteBuffer.wrap(randomBytes(LARGE_BLOB, 3))));
            assertThat(requests).containsExactly("CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart",
                    "CompleteMultipartUpload");
            requests.clear();
            batch.write("small.f32", channel -> channel.write(ByteBuffer.wrap(randomBytes(1000, 4))));
            assertThat(requests).containsExactly("PutObject");
            batch.publish();
        }
        assertThat(store.size("datasets/d1/large.f32")).isEqualTo(LARGE_BLOB);
    }

    @Test
    void aFailedStreamedWriteLeavesNoUploadOpen() throws IOException {
        try (BlobStore.Batch batch = store.create("datasets/d1")) {
            assertThatThrownBy(() -> batch.write("values.f32", channel -> {
                channel.write(ByteBuffer.wrap(randomBytes(LARGE_BLOB, 5)));
                throw new IOException("the source failed");
            })).hasMessage("the source failed");
        }
        assertThat(openUploads()).isEmpty();
    }

    @Test
    void leftoversAreKeptWithinTheGracePeriodSinceAnotherReplicaMayBeWritingThem() throws IOException {
        BlobStore.Batch elsewhere = store.create("models/fraud/versions/2");
        elsewhere.write("spec.json", bytes("two"));
        String upload = server.client().createMultipartUpload(request -> request.bucket(bucket)
                .key(normalPrefix() + "datasets/d1/values.f32")).uploadId();

        store.removeLeftovers("");
        assertThat(storedNames()).contains("models/fraud/versions/2/spec.json");
        assertThat(openUploads()).containsExactly(upload);

        Clock twoHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        new S3BlobStore(server.client(), bucket, prefix, S3BlobStore.MIN_PART_SIZE, Duration.ofHours(1), twoHoursLater)
                .removeLeftovers("");
        assertThat(storedNames()).isEmpty();
        assertThat(openUploads()).isEmpty();
    }

    @Test
    void aFolderLeftByAnUnfinishedWriteIsClearedWhenItIsWrittenAgain() throws IOException {
        BlobStore.Batch crashed = store.create("datasets/d1");
        crashed.write("labels.i32", bytes("stale"));
        publish("datasets/d1", "values.f32", "fresh");
        assertThat(storedNames()).containsExactly("datasets/d1/.complete", "datasets/d1/.started",
                "datasets/d1/values.f32");
    }

    @Test
    void aPartSizeBelowS3sSmallestIsRefused() {
        assertThatThrownBy(() -> new S3BlobStore(server.client(), bucket, "", 1024 * 1024, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
    }

    private List<String> openUploads() {
        return server.client().listMultipartUploads(request -> request.bucket(bucket).prefix(normalPrefix()))
                .uploads().stream().map(upload -> upload.uploadId()).toList();
    }

    private String normalPrefix() {
        return "tests/" + prefix.substring("/tests//".length());
    }
}
