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
import java.util.Map;

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
        this(dataDir, heap, Map.of(), properties);
    }

    /** Starts the service with environment variables of its own (credentials, say) besides the properties. */
    public ServiceProcess(Path dataDir, String heap, Map<String, String> environment, String... properties) {
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
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
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

    /** Ends the process at once, as {@code kill -9} does: no shutdown hook, no graceful stop. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
