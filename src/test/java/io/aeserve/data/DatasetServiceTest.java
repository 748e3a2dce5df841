package io.aeserve.data;

import static io.aeserve.data.ReadersTest.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.NotFoundException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.error.StorageFullException;
import io.aeserve.storage.FolderBlobStore;
import io.aeserve.storage.StorageQuota;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class DatasetServiceTest {

    @TempDir
    Path folder;

    private DatasetService service(long quotaBytes) {
        FolderBlobStore blobs = new FolderBlobStore(folder);
        DatasetStore store = new DatasetStore(blobs, JsonMapper.builder().build(), new StorageQuota(blobs, quotaBytes));
        return new DatasetService(store, new FashionMnist(folder.resolve("no-fashion-mnist")), ReadersTest.LIMITS,
                new DatasetCache(4, 1 << 30));
    }

    private static Upload upload(byte[] bytes, String fileName) {
        return new Upload(new ByteArrayInputStream(bytes), fileName, bytes.length);
    }

    private static Upload csv(String text, String fileName) {
        return upload(text.getBytes(StandardCharsets.UTF_8), fileName);
    }

    @Test
    void storedDatasetsLoadTheSameValuesAndLabelsAfterARestart() throws IOException {
        int rows = 70_000;
        byte[] pixels = new byte[rows * 2];
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
            scaled[i] = (i & 0xFF) / 255f;
        }
        byte[] classes = new byte[rows];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            classes[i] = (byte) (i % 10);
            labels[i] = i % 10;
        }
        DatasetInfo images = service(1L << 30).upload(upload(idx(0x08, new int[] {rows, 2}, pixels, false), "x.idx"),
                upload(idx(0x08, new int[] {rows}, classes, true), "y.idx.gz"), null, null, null);

        DataMatrix loaded = service(1L << 30).load(new DataSelection(images.id(), null, null));
        assertThat(loaded.rows()).isEqualTo(rows);
        assertThat(loaded.values()).containsExactly(scaled);
        assertThat(loaded.labels()).containsExactly(labels);
    }

    @Test
    void theStorageQuotaIsAskedBeforeADatasetIsStored() throws IOException {
        DatasetService service = service(100);
        assertThatThrownBy(() -> service.upload(csv("1,2,3\n".repeat(10), "a.csv"), null, null, null, null))
                .isInstanceOf(StorageFullException.class)
                .hasMessageContaining("beyond the storage quota");
        assertThat(service.list()).isEmpty();
        assertThat(folder.resolve("datasets")).satisfiesAnyOf(datasets -> assertThat(datasets).doesNotExist(),
                datasets -> assertThat(datasets).isEmptyDirectory());
    }

    @Test
    void anUploadBeyondTheLimitsIsTooLargeAndLabelsGetTheSameChecks() throws IOException {
        DatasetService service = service(1L << 30);
        assertThatThrownBy(() -> service.upload(upload(idx(0x08, new int[] {1 << 16, 1 << 16}, new byte[0], true),
                "bomb.idx.gz"), null, null, null, null))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("file would inflate");
        assertThatThrownBy(() -> service.upload(csv("1\n2\n", "a.csv"),
                upload(idx(0x08, new int[] {Integer.MAX_VALUE}, new byte[0], true), "labels.gz"), null, null, null))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("labels would inflate");
    }

    @Test
    void ofTwoConcurrentDeletesOneSucceedsAndTheOtherFindsNothing() throws Exception {
        DatasetService service = service(1L << 30);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(service.upload(csv("1,2\n", "a.csv"), null, null, null, null).id());
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (String id : ids) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<String>> outcomes = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    outcomes.add(threads.submit(() -> {
                        together.await();
                        try {
                            service.delete(id);
                            return "deleted";
                        } catch (NotFoundException e) {
                            return "not found";
                        }
                    }));
                }
                assertThat(List.of(outcomes.get(0).get(), outcomes.get(1).get()))
                        .containsExactlyInAnyOrder("deleted", "not found");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(service.list()).isEmpty();
    }
}
