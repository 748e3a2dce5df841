package io.aeserve.support;

import io.aeserve.storage.Npy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Sends many rows to a running service as float32 .npy bodies, in requests of at most 4,096 rows. */
public final class NpyClient {

    static final int ROWS_PER_REQUEST = 4096;

    private final HttpJson http;

    public NpyClient(HttpJson http) {
        this.http = http;
    }

    /** Each row's anomaly score of the given kind. */
    public float[] scores(String model, float[] values, int rows, int width, String score) {
        float[] scores = new float[rows];
        for (int from = 0; from < rows; from += ROWS_PER_REQUEST) {
            int n = Math.min(ROWS_PER_REQUEST, rows - from);
            byte[] body = Npy.write(Arrays.copyOfRange(values, from * width, (from + n) * width), List.of(n, width));
            HttpJson.Reply reply = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/models/" + model
                    + "/anomaly-score?score=" + score)).header("Content-Type", Npy.MEDIA_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (reply.status() != 200) {
                throw new AssertionError(reply.status() + " " + reply.body());
            }
            JsonNode array = reply.json().get("scores");
            for (int i = 0; i < n; i++) {
                scores[from + i] = (float) array.get(i).asDouble();
            }
        }
        return scores;
    }

    /** The rows an endpoint answering rows (reconstruct, denoise) makes of the given rows of the given shape. */
    public float[] outputs(String model, String endpoint, float[] values, int rows, List<Integer> rowShape)
            throws IOException, InterruptedException {
        int width = rowShape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
        float[] outputs = new float[values.length];
        HttpClient client = HttpClient.newHttpClient();
        for (int from = 0; from < rows; from += ROWS_PER_REQUEST) {
            int n = Math.min(ROWS_PER_REQUEST, rows - from);
            List<Integer> shape = new ArrayList<>(List.of(n));
            shape.addAll(rowShape);
            byte[] body = Npy.write(Arrays.copyOfRange(values, from * width, (from + n) * width), shape);
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(http.base()
                            + "/api/v1/models/" + model + "/" + endpoint)).header("Content-Type", Npy.MEDIA_TYPE)
                    .header("Accept", Npy.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError(response.statusCode() + " " + new String(response.body()));
            }
            float[] answer = Npy.read(response.body()).values();
            System.arraycopy(answer, 0, outputs, from * width, answer.length);
        }
        return outputs;
    }
}
