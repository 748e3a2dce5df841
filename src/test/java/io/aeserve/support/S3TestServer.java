package io.aeserve.support;

import io.aeserve.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3 server on loopback for tests: S3Proxy, storing in a temporary folder, in a JVM of its own (its
 * self-contained jar, which the build copies to {@code target/s3proxy/s3proxy.jar}), so its libraries never meet
 * the service's. It signs like AWS and checks the signature, with {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 *
 * <pre>{@code
 * try (S3TestServer s3 = S3TestServer.start()) {
 *     String bucket = s3.createBucket();
 *     BlobStore store = new S3BlobStore(s3.client(), bucket, "", S3BlobStore.MIN_PART_SIZE, Duration.ofHours(1));
 *     // or a service in a process of its own:
 *     // s3.serviceArguments(bucket, "prefix") as its arguments, s3.credentialsEnvironment() in its environment
 * }
 * }</pre>
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "aeserve-test";
    public static final String SECRET_KEY = "aeserve-test-secret";
    /** S3Proxy takes any region in a signature; the clients sign with this one. */
    public static final String REGION = "us-east-1";

    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Thread stopAtExit;
    private final Path folder;
    private final URI endpoint;
    private final S3Client client;

    private S3TestServer(Path folder, int port) throws IOException {
        this.folder = folder;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        Path data = Files.createDirectories(folder.resolve("data"));
        Path settings = folder.resolve("s3proxy.conf");
        Files.writeString(settings, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                // the SDK's checksum headers, which S3Proxy does not know, are not refused
                "s3proxy.ignore-unknown-headers=true",
                // S3Proxy's own file store: unlike jclouds' "filesystem", it lists no folders as objects
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data,
                "jclouds.identity=local",
                "jclouds.credential=local",
                ""));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", JAR.toAbsolutePath().toString(), "--properties", settings.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("s3proxy.log").toFile());
        builder.environment().put("LOG_LEVEL", "warn");
        process = builder.start();
        stopAtExit = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        client = clientBuilder(endpoint).build();
    }

    /** Starts a server on a free loopback port and waits until it answers. */
    public static S3TestServer start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: ./mvnw test-compile copies it there");
        }
        try {
            S3TestServer server = new S3TestServer(Files.createTempDirectory("aeserve-s3-"),
                    ServiceProcess.freePort());
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client builder for a server at {@code endpoint} with this server's credentials: path-style addressing, and
     * checksums only where S3 requires them, as the service sets them for servers other than AWS.
     */
    public static S3ClientBuilder clientBuilder(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of this server; closed with it. */
    public S3Client client() {
        return client;
    }

    /** Creates a bucket with a name of its own and returns the name. */
    public String createBucket() {
        String bucket = "aeserve-" + UUID.randomUUID().toString().substring(0, 8);
        client.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** The arguments that point a service process at a bucket of this server (credentials go in its environment). */
    public List<String> serviceArguments(String bucket, String prefix) {
        return List.of(
                "--aeserve.store.type=s3",
                "--aeserve.store.s3.bucket=" + bucket,
                "--aeserve.store.s3.prefix=" + prefix,
                "--aeserve.store.s3.endpoint=" + endpoint,
                "--aeserve.store.s3.region=" + REGION,
                "--aeserve.store.s3.path-style-access=true");
    }

    /**
     * The environment through which the SDK's default chains find this server's credentials and region, and never
     * look for the instance metadata service.
     */
    public Map<String, String> credentialsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", REGION,
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = logTail();
                close();
                throw new IllegalStateException("S3Proxy exited while starting:\n" + log);
            }
            try {
                client.listBuckets();
                return;
            } catch (SdkException notYet) {
                sleep(200);
            }
        }
        String log = logTail();
        close();
        throw new IllegalStateException("S3Proxy did not answer within " + START_TIMEOUT + ":\n" + log);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(folder.resolve("s3proxy.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and removes everything it stored. */
    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        try {
            AtomicFiles.deleteRecursively(folder);
        } catch (IOException e) {
            // a temporary folder; the system clears it
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
