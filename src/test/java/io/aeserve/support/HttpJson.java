package io.aeserve.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for end-to-end tests against a running service. */
public final class HttpJson {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final String base;
    private final java.util.Map<String, String> headers;

    public HttpJson(String base) {
        this(base, java.util.Map.of());
    }

    private HttpJson(String base, java.util.Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** A client that sends {@code name: value} with every request, as well as the headers this one sends. */
    public HttpJson withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpJson(base, more);
    }

    public String base() {
        return base;
    }

    public record Reply(int status, String contentType, String body, JsonNode json, HttpResponse<String> raw) {}

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply postRaw(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A multipart/form-data POST: each part is {name, file name or null, bytes}. */
    public Reply postMultipart(String path, Object[]... parts) {
        String boundary = "aeserve-test-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Object[] part : parts) {
            String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0] + "\""
                    + (part[1] != null ? "; filename=\"" + part[1] + "\"" : "") + "\r\n"
                    + (part[1] != null ? "Content-Type: application/octet-stream\r\n" : "") + "\r\n";
            body.writeBytes(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.writeBytes((byte[]) part[2]);
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return postRaw(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    public Reply put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Reply send(HttpRequest.Builder request) {
        headers.forEach(request::setHeader);
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !response.body().isEmpty()) {
                json = mapper.readTree(response.body());
            }
            return new Reply(response.statusCode(), type, response.body(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a job until it has finished, or fails the test after the timeout. */
    public JsonNode awaitJob(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = get("/api/v1/jobs/" + jobId).json();
            String state = job.get("state").asString();
            if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish within " + timeout);
    }
}
