package io.aeserve.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} does, run against each one. A subclass gives each test empty storage of its own,
 * ready before the first {@code @BeforeEach} (in a field or a {@code @TempDir}).
 */
public abstract class BlobStoreContract {

    /** Larger than two of the largest part an implementation is tested with. */
    protected static final int LARGE_BLOB = 12 * 1024 * 1024 + 123;

    private static final String VERSIONS = "models/fraud/versions";

    protected BlobStore store;

    /** A store over this test's storage, taking unpublished folders for leftovers after {@code leftoverGrace}. */
    protected abstract BlobStore openStore(Duration leftoverGrace);

    /** The paths of everything the storage holds now, the store's own files included. */
    protected abstract List<String> storedNames() throws IOException;

    @BeforeEach
    void openTheStore() {
        store = openStore(Duration.ofHours(1));
    }

    @Test
    void aFolderIsVisibleOnlyOnceItIsPublished() throws IOException {
        String checksum;
        try (BlobStore.Batch batch = store.create(VERSIONS + "/1")) {
            checksum = batch.write("spec.json", bytes("hello"));
            batch.write("weights.f32", channel -> Float32Codec.write(new float[] {1f, 2f}, channel));
            assertThat(store.folders(VERSIONS)).isEmpty();
            batch.publish();
        }
        assertThat(checksum).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(store.folders(VERSIONS)).containsExactly("1");
        assertThat(store.read(VERSIONS + "/1/spec.json")).isEqualTo(bytes("hello"));
        assertThat(store.read(VERSIONS + "/1/weights.f32")).isEqualTo(Float32Codec.encode(new float[] {1f, 2f}));
        assertThat(store.size(VERSIONS + "/1/weights.f32")).isEqualTo(8);
        try (InputStream in = store.open(VERSIONS + "/1/spec.json")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("hello"));
        }
    }

    @Test
    void aBatchClosedUnpublishedLeavesNothing() throws IOException {
        try (BlobStore.Batch batch = store.create(VERSIONS + "/1")) {
            batch.write("spec.json", bytes("hello"));
            batch.write("weights.f32", channel -> channel.write(ByteBuffer.wrap(new byte[1000])));
        }
        assertThat(store.folders(VERSIONS)).isEmpty();
        assertThat(storedNames()).isEmpty();
        assertThatThrownBy(() -> store.read(VERSIONS + "/1/spec.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aStreamedWriteThatFailsLeavesNothingOnceClosed() throws IOException {
        try (BlobStore.Batch batch = store.create(VERSIONS + "/1")) {
            assertThatThrownBy(() -> batch.write("weights.f32", channel -> {
                channel.write(ByteBuffer.wrap(randomBytes(LARGE_BLOB, 1)));
                throw new IOException("the source failed");
            })).hasMessage("the source failed");
        }
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void aPublishedFolderIsNeverWrittenAgain() throws IOException {
        publish(VERSIONS + "/1", "spec.json", "first");
        assertThatThrownBy(() -> {
            try (BlobStore.Batch batch = store.create(VERSIONS + "/1")) {
                batch.write("spec.json", bytes("second"));
                batch.publish();
            }
        }).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(store.read(VERSIONS + "/1/spec.json")).isEqualTo(bytes("first"));
        assertThat(store.folders(VERSIONS)).containsExactly("1");
    }

    @Test
    void foldersListsThePublishedOnesSortedByName() throws IOException {
        publish(VERSIONS + "/2", "spec.json", "two");
        publish(VERSIONS + "/10", "spec.json", "ten");
        publish(VERSIONS + "/1", "spec.json", "one");
        BlobStore.Batch unfinished = store.create(VERSIONS + "/3");
        unfinished.write("spec.json", bytes("three"));
        store.put(VERSIONS + "/notes.txt", bytes("a blob, not a folder"));

        assertThat(store.folders(VERSIONS)).containsExactly("1", "10", "2");
        assertThat(store.folders("models/none")).isEmpty();
        unfinished.close();
    }

    @Test
    void putWritesAndReplacesABlob() throws IOException {
        store.put("models/fraud/model.json", bytes("first"));
        assertThat(store.read("models/fraud/model.json")).isEqualTo(bytes("first"));
        store.put("models/fraud/model.json", bytes("the second"));
        assertThat(store.read("models/fraud/model.json")).isEqualTo(bytes("the second"));
        assertThat(store.size("models/fraud/model.json")).isEqualTo(10);
    }

    @Test
    void deleteRemovesABlobAndIgnoresOneThatIsNotThere() throws IOException {
        store.put("models/fraud/model.json", bytes("first"));
        store.delete("models/fraud/model.json");
        assertThatThrownBy(() -> store.read("models/fraud/model.json")).isInstanceOf(NoSuchFileException.class);
        store.delete("models/fraud/model.json");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void deleteFolderRemovesAPublishedFolderWhole() throws IOException {
        publish(VERSIONS + "/1", "spec.json", "one");
        publish(VERSIONS + "/2", "spec.json", "two");
        store.deleteFolder(VERSIONS + "/1");

        assertThat(store.folders(VERSIONS)).containsExactly("2");
        assertThatThrownBy(() -> store.read(VERSIONS + "/1/spec.json")).isInstanceOf(NoSuchFileException.class);
        assertThat(storedNames()).noneMatch(name -> name.startsWith(VERSIONS + "/1"));
        assertThat(store.read(VERSIONS + "/2/spec.json")).isEqualTo(bytes("two"));
        assertThatThrownBy(() -> store.deleteFolder(VERSIONS + "/1")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aMissingBlobIsNoSuchFile() {
        assertThatThrownBy(() -> store.read("models/none.json")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.open("models/none.json")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size("models/none.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aLargeStreamedBlobReadsBackIdentical() throws IOException {
        byte[] content = randomBytes(LARGE_BLOB, 7);
        try (BlobStore.Batch batch = store.create("datasets/d1")) {
            batch.write("values.f32", channel -> {
                // pieces smaller than a part, then one larger than any part
                channel.write(ByteBuffer.wrap(content, 0, 1000));
                channel.write(ByteBuffer.wrap(content, 1000, 3 * 1024 * 1024));
                int written = 1000 + 3 * 1024 * 1024;
                channel.write(ByteBuffer.wrap(content, written, content.length - written));
            });
            batch.publish();
        }
        assertThat(store.size("datasets/d1/values.f32")).isEqualTo(LARGE_BLOB);
        try (InputStream in = store.open("datasets/d1/values.f32")) {
            assertThat(sha256(in)).isEqualTo(AtomicFiles.sha256(content));
        }
    }

    @Test
    void removeLeftoversClearsUnfinishedWritesAndKeepsEverythingElse() throws IOException {
        store.put("models/fraud/model.json", bytes("a blob in no folder"));
        publish(VERSIONS + "/1", "spec.json", "one");
        List<String> kept = storedNames();
        BlobStore.Batch crashed = store.create(VERSIONS + "/2");
        crashed.write("spec.json", bytes("two"));
        assertThat(storedNames()).hasSizeGreaterThan(kept.size());

        openStore(Duration.ZERO).removeLeftovers("models");

        assertThat(storedNames()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(store.read(VERSIONS + "/1/spec.json")).isEqualTo(bytes("one"));
        assertThat(store.read("models/fraud/model.json")).isEqualTo(bytes("a blob in no folder"));
    }

    @Test
    void usedBytesCountsWhatIsStored() throws IOException {
        assertThat(store.usedBytes()).isZero();
        store.put("models/fraud/model.json", new byte[100]);
        assertThat(store.usedBytes()).isEqualTo(100);
        try (BlobStore.Batch batch = store.create(VERSIONS + "/1")) {
            batch.write("weights.f32", new byte[50]);
            batch.publish();
        }
        assertThat(store.usedBytes()).isEqualTo(150);
    }

    @Test
    void pathsOfTheStoresOwnAreRefused() {
        assertThatThrownBy(() -> store.read(".complete")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("models/.hidden", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    protected void publish(String folder, String name, String text) throws IOException {
        try (BlobStore.Batch batch = store.create(folder)) {
            batch.write(name, bytes(text));
            batch.publish();
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
