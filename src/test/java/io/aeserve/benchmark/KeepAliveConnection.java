package io.aeserve.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection that sends a request prepared once and reads the whole answer into a buffer
 * it keeps: a load generator as light as wrk, so that on a machine shared with the service the client takes as
 * little of the CPU as it can. Knows answers with a Content-Length and chunked ones, and opens a new connection
 * when the server closes one (Tomcat does after 100 requests on a connection).
 */
final class KeepAliveConnection implements AutoCloseable {

    private final URI uri;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private byte[] body = new byte[1 << 16];
    private int bodyLength;

    KeepAliveConnection(URI uri) throws IOException {
        this.uri = uri;
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** The bytes of a POST to {@code uri} with the given headers and body. */
    static byte[] post(URI uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath())
                .append(uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "").append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    /** Sends the request and reads the answer; returns its status, its body is {@link #body()}. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equals("connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        bodyLength = 0;
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                read(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailer fields, if any
            }
        } else if (contentLength > 0) {
            read(Math.toIntExact(contentLength));
        }
        if (close) {
            close();
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    /** A copy of the last answer's body. */
    byte[] body() {
        return Arrays.copyOf(body, bodyLength);
    }

    int bodyLength() {
        return bodyLength;
    }

    private void read(int count) throws IOException {
        if (bodyLength + count > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + count));
        }
        int done = 0;
        while (done < count) {
            int n = in.read(body, bodyLength + done, count - done);
            if (n < 0) {
                throw new IOException("the connection closed in the middle of an answer");
            }
            done += n;
        }
        bodyLength += count;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
