package io.aeserve.support;

import io.aeserve.AeserveApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The service in a JVM of its own, started with the container's JVM flags and a small heap: an allocation that
 * is too large ends the process, as it would in production, instead of failing one test quietly.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    public final HttpJson http;

    /** Starts the service on a free port with the given heap and further {@code --name=value} properties. */
    public ServiceProcess(Path dataDir, String heap, String... properties) {
        int port = freePort();
        try {
            log = Files.createTempFile("aeserve-process-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    AeserveApplication.class.getName(),
                    "--server.port=" + port, "--aeserve.data-dir=" + dataDir));
            command.addAll(List.of(properties));
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http = new HttpJson("http://localhost:" + port);
        awaitReady(Duration.ofMinutes(2));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the process wrote, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited while starting:\n" + logTail());
            }
            try {
                if (http.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + timeout + ":\n" + logTail());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
