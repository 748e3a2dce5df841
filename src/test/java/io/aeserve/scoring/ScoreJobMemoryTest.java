package io.aeserve.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.ServiceProcess;
import io.aeserve.support.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A dataset larger than the service's whole heap is scored as a job: a million rows of 48 values (192 MB) under a
 * 160 MB heap that ends the process on running out of memory. Holding the dataset, or its results, in memory would
 * kill it. The results outlive a restart.
 */
@Tag("slow")
class ScoreJobMemoryTest {

    static final int ROWS = 1_000_000;
    static final int WIDTH = 48;
    static final String HEAP = "160m";

    @Test
    void aMillionRowsLargerThanTheHeapAreScoredInBoundedMemory() throws Exception {
        Path data = TempDirs.create("score-memory");
        writeDataset(data.resolve("datasets/ds-00000000million"));
        String id;
        try (ServiceProcess service = new ServiceProcess(data, HEAP)) {
            StringBuilder rows = new StringBuilder("[");
            Random random = new Random(1);
            for (int r = 0; r < 256; r++) {
                rows.append(r == 0 ? "[" : ",[");
                for (int c = 0; c < WIDTH; c++) {
                    rows.append(c == 0 ? "" : ",").append(random.nextFloat());
                }
                rows.append(']');
            }
            rows.append(']');
            assertThat(service.http.post("/api/v1/models", "{\"name\": \"wide\", \"spec\": {\"variant\": \"dense\","
                    + " \"inputShape\": [" + WIDTH + "], \"hiddenLayers\": [16], \"latentDim\": 4}}").status())
                    .isEqualTo(201);
            String training = service.http.post("/api/v1/models/wide/train", "{\"data\": " + rows + ", \"epochs\": 2,"
                    + " \"seed\": 1}").json().get("id").asString();
            assertThat(service.http.awaitJob(training, Duration.ofMinutes(2)).get("state").asString())
                    .isEqualTo("succeeded");

            long begin = System.nanoTime();
            id = service.http.post("/api/v1/models/wide/score-jobs", "{\"dataset\": \"ds-00000000million\"}")
                    .json().get("id").asString();
            JsonNode job = await(service, id, Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - begin) / 1e9;
            assertThat(service.isAlive()).as(service.logTail()).isTrue();
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.get("rowsDone").asInt()).isEqualTo(ROWS);
            // random rows look like the training rows: about 1% above the 99th percentile
            assertThat(job.get("flagged").asLong()).isBetween(1_000L, 100_000L);
            System.out.printf("scored %d rows of %d values under -Xmx%s in %.1f s (%d rows/s)%n", ROWS, WIDTH, HEAP,
                    seconds, job.get("rowsPerSecond").asLong());

            try (InputStream npy = open(service, id, "npy")) {
                byte[] preamble = npy.readNBytes(10);
                int headerLength = ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
                String header = new String(npy.readNBytes(headerLength), StandardCharsets.US_ASCII);
                assertThat(header).contains("'shape': (" + ROWS + ", 3)");
                assertThat(npy.transferTo(OutputStream.nullOutputStream())).isEqualTo(ROWS * 3L * Float.BYTES);
            }
            try (BufferedReader csv = new BufferedReader(new InputStreamReader(open(service, id, "csv"),
                    StandardCharsets.US_ASCII))) {
                assertThat(csv.readLine()).isEqualTo("row,score,anomaly,percentile");
                assertThat(csv.lines().count()).isEqualTo(ROWS);
            }
            assertThat(service.isAlive()).as(service.logTail()).isTrue();
        }
        // the results, and the finished job, are still there after a restart
        try (ServiceProcess restarted = new ServiceProcess(data, HEAP)) {
            JsonNode job = restarted.http.get("/api/v1/score-jobs/" + id).json();
            assertThat(job.get("state").asString()).isEqualTo("succeeded");
            assertThat(job.get("rowsDone").asInt()).isEqualTo(ROWS);
            try (InputStream npy = open(restarted, id, "npy")) {
                assertThat(npy.transferTo(OutputStream.nullOutputStream())).isGreaterThan(ROWS * 3L * Float.BYTES);
            }
        }
    }

    /** A stored dataset as the service writes it: little-endian float32 values and its description. */
    private static void writeDataset(Path folder) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(2);
        ByteBuffer chunk = ByteBuffer.allocate(WIDTH * 4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(folder.resolve("values.f32"))) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < WIDTH; c++) {
                    chunk.putFloat(random.nextFloat());
                }
                if (!chunk.hasRemaining() || r == ROWS - 1) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
            }
        }
        Files.writeString(folder.resolve("dataset.json"), "{\"id\": \"ds-00000000million\", \"name\": \"million\","
                + " \"rows\": " + ROWS + ", \"shape\": [" + WIDTH + "], \"hasLabels\": false,"
                + " \"createdAt\": \"2026-01-01T00:00:00Z\", \"builtIn\": false}");
    }

    private static JsonNode await(ServiceProcess service, String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = service.http.get("/api/v1/score-jobs/" + id).json();
            String state = job.get("state").asString();
            if (!state.equals("queued") && !state.equals("running")) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("score job " + id + " did not finish within " + timeout);
    }

    private static InputStream open(ServiceProcess service, String id, String format) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                service.http.base() + "/api/v1/score-jobs/" + id + "/results?format=" + format)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
