package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.HttpJson;
import io.aeserve.support.Requirements;
import io.aeserve.support.SyntheticData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Export then import gives the same outputs, in the service and in PyTorch. */
class ArchiveTest {

    static final String CONV_SPEC = "{\"variant\": \"convolutional\", \"inputShape\": [1, 8, 8], \"hiddenLayers\": [4, 8],"
            + " \"latentDim\": 5, \"activation\": \"tanh\"}";

    @TempDir
    Path dataDir;

    @TempDir
    Path unzipped;

    static byte[] export(HttpJson http, String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(http.base() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains(".zip");
        return response.body();
    }

    @Test
    void exportThenImportGivesIdenticalOutputs() throws Exception {
        try (RunningService service = new RunningService(dataDir)) {
            HttpJson http = service.http;
            RegistryTest.train(http, "source", 4);
            byte[] zip = export(http, "/api/v1/models/source/versions/1/export");
            unzip(zip);
            assertThat(unzipped.resolve("weights.npz")).exists();
            assertThat(unzipped.resolve("aeserve_model.py")).exists();
            assertThat(Files.readString(unzipped.resolve("README.md"))).contains("PyTorch");

            HttpJson.Reply imported = http.postMultipart("/api/v1/models/copy/versions",
                    new Object[] {"file", "source-v1.zip", zip});
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().get("version").asInt()).isEqualTo(1);
            assertThat(imported.json().get("dataset").get("fromModel").asString()).isEqualTo("source");
            assertThat(RegistryTest.outputs(http, "copy", "")).isEqualTo(RegistryTest.outputs(http, "source", ""));
            assertThat(unzipped.resolve("latent-references.npy")).exists();
            for (String score : List.of("reconstruction", "latent", "combined", "knn")) {
                String body = "{\"inputs\": " + RegistryTest.ROWS + ", \"score\": \"" + score + "\"}";
                JsonNode scoresSource = http.post("/api/v1/models/source/anomaly-score", body).json();
                JsonNode scoresCopy = http.post("/api/v1/models/copy/anomaly-score", body).json();
                assertThat(scoresCopy.get("scores")).as(score).isEqualTo(scoresSource.get("scores"));
                assertThat(scoresCopy.get("threshold")).as(score).isEqualTo(scoresSource.get("threshold"));
                assertThat(scoresCopy.get("percentiles")).as(score).isEqualTo(scoresSource.get("percentiles"));
            }

            HttpJson.Reply again = http.postMultipart("/api/v1/models/source/versions",
                    new Object[] {"file", "source-v1.zip", zip});
            assertThat(again.json().get("version").asInt()).isEqualTo(2);
            assertThat(http.postMultipart("/api/v1/models/other/versions",
                    new Object[] {"file", "junk.zip", "not a zip".getBytes()}).status()).isEqualTo(400);
            http.post("/api/v1/models", "{\"name\": \"different\", \"spec\": " + CONV_SPEC + "}");
            assertThat(http.postMultipart("/api/v1/models/different/versions",
                    new Object[] {"file", "source-v1.zip", zip}).status()).isEqualTo(409);
        }
    }

    @Test
    void exportedModelsRunInPyTorchWithTheServicesOutputs() throws Exception {
        boolean torch = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, numpy").start().waitFor() == 0;
        Requirements.require(torch, "PyTorch for /usr/bin/python3 is not installed (apt-get install python3-torch)");
        try (RunningService service = new RunningService(dataDir)) {
            HttpJson http = service.http;
            RegistryTest.train(http, "dense", 3);
            checkInPyTorch(http, "dense", RegistryTest.ROWS, 16);
            http.post("/api/v1/models", "{\"name\": \"conv\", \"spec\": " + CONV_SPEC + "}");
            String images = SyntheticData.jsonRows(SyntheticData.squares(200, 8, 3).reshape(java.util.List.of(64)), 200);
            String id = http.post("/api/v1/models/conv/train", "{\"data\": " + images + ", \"epochs\": 2}").json()
                    .get("id").asString();
            http.awaitJob(id, java.time.Duration.ofMinutes(1));
            checkInPyTorch(http, "conv", SyntheticData.jsonRows(SyntheticData.squares(3, 8, 4)
                    .reshape(java.util.List.of(64)), 3), 64);
            http.post("/api/v1/models", "{\"name\": \"vae\", \"spec\": {\"variant\": \"variational\", \"inputShape\":"
                    + " [16], \"hiddenLayers\": [12], \"latentDim\": 2, \"activation\": \"gelu\"}}");
            RegistryTest.train(http, "vae", 2);
            checkInPyTorch(http, "vae", RegistryTest.ROWS, 16);
        }
    }

    private void checkInPyTorch(HttpJson http, String model, String rows, int width) throws Exception {
        Path folder = Files.createDirectories(unzipped.resolve(model));
        unzip(export(http, "/api/v1/models/" + model + "/versions/1/export"), folder);
        Files.writeString(folder.resolve("rows.json"), rows);
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", """
                import json, sys
                sys.path.insert(0, '.')
                from aeserve_model import load, reconstruct
                model, normalization = load('.')
                print(json.dumps(reconstruct(model, normalization, json.load(open('rows.json'))).tolist()))
                """).directory(folder.toFile()).redirectErrorStream(true).start();
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes()).strip();
        assertThat(python.exitValue()).as(output).isZero();
        JsonNode torch = JsonMapper.builder().build().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
        JsonNode service = http.post("/api/v1/models/" + model + "/reconstruct", "{\"inputs\": " + rows + "}").json()
                .get("outputs");
        assertThat(torch.size()).isEqualTo(service.size());
        for (int r = 0; r < service.size(); r++) {
            for (int i = 0; i < width; i++) {
                assertThat(torch.get(r).get(i).asDouble()).as(model + " row " + r + " value " + i)
                        .isCloseTo(service.get(r).get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    private void unzip(byte[] zip) throws IOException {
        unzip(zip, unzipped);
    }

    private static void unzip(byte[] zip, Path folder) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Files.write(folder.resolve(entry.getName()), in.readAllBytes());
            }
        }
    }
}
