package io.aeserve.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceProcess;
import io.aeserve.support.SyntheticData;
import io.aeserve.support.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Requests a hostile or broken client sends, against the service started as in its container (a small heap, exit
 * on OutOfMemoryError): each gets its 4xx problem, the process stays up and ready, and the model it serves gives
 * the same outputs afterwards.
 */
@Tag("slow")
class HostileRequestsTest {

    private static final DataMatrix DATA = SyntheticData.lowRank(64, 16, 3, 7);
    private static final String ROWS = SyntheticData.jsonRows(DATA, 8);

    @Test
    void everyHostileRequestGetsA4xxAndTheServiceKeepsServing() throws Exception {
        try (ServiceProcess service = new ServiceProcess(TempDirs.create("hostile"), "320m")) {
            HttpJson http = service.http;
            assertThat(http.post("/api/v1/models", "{\"name\": \"victim\", \"spec\": {\"variant\": \"dense\", "
                    + "\"inputShape\": [16], \"hiddenLayers\": [8], \"latentDim\": 3}}").status()).isEqualTo(201);
            JsonNode job = http.post("/api/v1/models/victim/train",
                    "{\"data\": " + SyntheticData.jsonRows(DATA, 64) + ", \"epochs\": 3, \"seed\": 1}").json();
            assertThat(http.awaitJob(job.get("id").asString(), Duration.ofMinutes(2)).get("state").asString())
                    .isEqualTo("succeeded");
            String before = http.post("/api/v1/models/victim/reconstruct", "{\"inputs\": " + ROWS + "}").body();

            Map<String, Supplier<HttpJson.Reply>> hostile = new LinkedHashMap<>();
            hostile.put("IDX header asking for 2 billion values", () -> http.postMultipart("/api/v1/datasets",
                    part("file", "huge.idx", bytes(0, 0, 8, 2, 0x77, 0x35, 0x94, 0, 0, 0, 0, 1))));
            hostile.put("IDX.gz that is not gzip", () -> http.postMultipart("/api/v1/datasets",
                    part("file", "broken.idx.gz", bytes(0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9))));
            hostile.put("JSON rows with a number of 1,001 digits", () -> http.postMultipart("/api/v1/datasets",
                    part("file", "rows.json", ("[[1" + "1".repeat(1000) + "]]").getBytes(StandardCharsets.UTF_8))));
            hostile.put(".npy version 2 with its header cut short", () -> http.postRaw(
                    "/api/v1/models/victim/reconstruct", "application/x-npy",
                    concat(bytes(0x93), "NUMPY".getBytes(StandardCharsets.US_ASCII), bytes(2, 0, 0xe8, 3, 0, 0),
                            "{'descr': '<f4', 'fort".getBytes(StandardCharsets.US_ASCII))));
            hostile.put("float32 rows whose X-Row-Shape overflows an int", () -> http.send(post(http,
                    "/api/v1/models/victim/reconstruct", "application/octet-stream", new byte[64])
                    .header("X-Row-Shape", "65536,65536")));
            hostile.put("float32 rows with an Accept nobody can serve", () -> http.send(post(http,
                    "/api/v1/models/victim/reconstruct", "application/octet-stream", new byte[64])
                    .header("Accept", "foo")));
            hostile.put("a model of 4.3 billion parameters", () -> http.post("/api/v1/models",
                    "{\"name\": \"giant\", \"spec\": {\"variant\": \"dense\", \"inputShape\": [65536], "
                            + "\"hiddenLayers\": [65536], \"latentDim\": 8}}"));
            hostile.put("a PNG of 30,000 x 30,000 pixels", () -> http.postRaw("/api/v1/models/victim/reconstruct",
                    "image/png", png(30_000, 30_000)));
            hostile.put("an archive holding 1.5 GB of zeros", () -> http.postMultipart(
                    "/api/v1/models/victim/versions", part("file", "model.zip", zipOfZeros(1536L << 20))));
            hostile.put("JSON nested 100,000 deep", () -> http.post("/api/v1/models", "[".repeat(100_000)));
            hostile.put("a model name that climbs out of the data folder", () -> http.post("/api/v1/models",
                    "{\"name\": \"../escape\", \"spec\": {\"variant\": \"dense\", \"inputShape\": [4], "
                            + "\"hiddenLayers\": [3], \"latentDim\": 2}}"));
            hostile.put("generate a hundred million rows", () -> http.post("/api/v1/models/victim/generate",
                    "{\"count\": 100000000}"));
            hostile.put("training for a billion epochs", () -> http.post("/api/v1/models/victim/train",
                    "{\"data\": " + ROWS + ", \"epochs\": 1000000000}"));

            for (Map.Entry<String, Supplier<HttpJson.Reply>> request : hostile.entrySet()) {
                HttpJson.Reply reply = request.getValue().get();
                assertThat(reply.status()).as(request.getKey() + ": " + reply.body()).isBetween(400, 499);
                assertThat(reply.contentType()).as(request.getKey()).startsWith("application/problem+json");
                assertThat(reply.json().get("detail").asString()).as(request.getKey()).isNotBlank();
                assertThat(service.isAlive()).as("alive after " + request.getKey() + "\n" + service.logTail())
                        .isTrue();
            }

            HttpJson.Reply csvLine = http.postMultipart("/api/v1/datasets",
                    part("file", "wide.csv", "0.5,".repeat(4 << 20).getBytes(StandardCharsets.UTF_8)));
            assertThat(csvLine.status()).as("one 16 MB CSV line: " + csvLine.body()).isLessThan(500);
            assertThat(service.isAlive()).as(service.logTail()).isTrue();

            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(http.post("/api/v1/models/victim/reconstruct", "{\"inputs\": " + ROWS + "}").body())
                    .as("the same outputs as before").isEqualTo(before);
            assertThat(http.get("/api/v1/models/victim/versions").json().size()).isEqualTo(1);
        }
    }

    private static Object[] part(String name, String fileName, byte[] bytes) {
        return new Object[] {name, fileName, bytes};
    }

    private static HttpRequest.Builder post(HttpJson http, String path, String type, byte[] body) {
        return HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A PNG whose header announces the given size, followed by far too little image data. */
    private static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'));
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", bytes(0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] zipOfZeros(long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("parameters.npy"));
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                zip.write(zeros);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
