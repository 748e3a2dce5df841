package io.aeserve.support;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, from the machine's Debian packages ({@code apt-get install postgresql}): the first
 * call starts a throwaway cluster of this JVM's own in a temporary folder, listening on a free loopback port, and
 * stops and removes it when the JVM exits; each call hands out a new, empty database in it.
 * <pre>{@code
 * TestPostgres.Database database = TestPostgres.newDatabase();
 * try (HikariDataSource dataSource = database.dataSource()) { ... }
 * new ApplicationContextRunner().withPropertyValues(database.properties());
 * new ProcessBuilder(...).environment().putAll(database.environment());
 * }</pre>
 * Without the packages the test is skipped, or fails under CI ({@link Requirements}). As root, the cluster runs as
 * the {@code postgres} system user, because PostgreSQL refuses to run as root.
 */
public final class TestPostgres {

    private static final String USER = "aeserve";
    private static Cluster cluster;

    private TestPostgres() {}

    /** A database for one test, and what a client needs to reach it. */
    public record Database(String url, String username, String password) {

        /** Spring's settings as environment variables, for a service started as a child process. */
        public Map<String, String> environment() {
            return Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", username,
                    "SPRING_DATASOURCE_PASSWORD", password);
        }

        /** Spring's settings as {@code key=value}, for a context runner or a {@code @SpringBootTest}. */
        public String[] properties() {
            return new String[] {"spring.datasource.url=" + url, "spring.datasource.username=" + username,
                "spring.datasource.password=" + password};
        }

        /** A small connection pool of its own, as one replica of the service would have; close it when done. */
        public HikariDataSource dataSource() {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(url);
            dataSource.setUsername(username);
            dataSource.setPassword(password);
            dataSource.setMaximumPoolSize(4);
            return dataSource;
        }
    }

    /** A new empty database, in the cluster started by the first call. */
    public static Database newDatabase() {
        Cluster running = cluster();
        String name = "test_" + HexFormat.of().formatHex(randomBytes(6));
        try (Connection connection = DriverManager.getConnection(running.url("postgres"), USER, running.password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database", e);
        }
        return new Database(running.url(name), USER, running.password);
    }

    private static synchronized Cluster cluster() {
        if (cluster == null) {
            Path bin = binaries();
            Requirements.require(bin != null, "PostgreSQL is not installed (apt-get install postgresql)");
            cluster = Cluster.start(bin);
        }
        return cluster;
    }

    /** The newest of Debian's versions installed side by side, or null. */
    private static Path binaries() {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return null;
        }
        try (Stream<Path> installed = Files.list(versions)) {
            return installed.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb"))
                            && Files.isExecutable(bin.resolve("pg_ctl")))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private record Cluster(Path bin, Path folder, boolean asRoot, int port, String password) {

        static Cluster start(Path bin) {
            boolean asRoot = "root".equals(ProcessHandle.current().info().user().orElse(""));
            try {
                Path folder = Files.createTempDirectory("aeserve-postgres-");
                Cluster cluster = new Cluster(bin, folder, asRoot, freePort(),
                        HexFormat.of().formatHex(randomBytes(16)));
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-postgres-stop"));
                cluster.initialise();
                cluster.run(List.of("pg_ctl", "--pgdata=" + cluster.data(), "--log=" + folder.resolve("log"),
                        "--wait", "--timeout=60", "--options=-p " + cluster.port + " -h 127.0.0.1 -k " + folder
                                // a throwaway cluster: nothing needs to survive a crash
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                + " -c max_connections=200",
                        "start"));
                return cluster;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start a test PostgreSQL", e);
            }
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        private Path data() {
            return folder.resolve("data");
        }

        private void initialise() throws IOException {
            Path passwordFile = folder.resolve("password");
            Files.writeString(passwordFile, password, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            if (asRoot) {
                UserPrincipal postgres;
                try {
                    postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                } catch (IOException e) {
                    postgres = null;
                }
                Requirements.require(postgres != null, "the postgres system user, to run PostgreSQL as root");
                Files.setOwner(folder, postgres);
                Files.setOwner(passwordFile, postgres);
            }
            run(List.of("initdb", "--pgdata=" + data(), "--username=" + USER, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions"));
        }

        private void stop() {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run(List.of("pg_ctl", "--pgdata=" + data(), "--mode=immediate", "stop"));
            }
            delete(folder);
        }

        /** Runs one of PostgreSQL's programs, as the postgres user when this JVM is root. */
        private void run(List<String> command) {
            List<String> line = new ArrayList<>();
            if (asRoot) {
                line.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            line.add(bin.resolve(command.get(0)).toString());
            line.addAll(command.subList(1, command.size()));
            Path output = folder.resolve("command-output");
            try {
                // to a file, not a pipe: the server pg_ctl starts must not hold on to this process's output
                Process process = new ProcessBuilder(line).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroy();
                    throw new IllegalStateException(String.join(" ", line) + " failed:\n" + read(output)
                            + "\nserver log:\n" + read(folder.resolve("log")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                return "";
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static void delete(Path path) {
            try {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                        children.forEach(Cluster::delete);
                    }
                }
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover in the temporary folder is no reason to fail the build
            }
        }
    }
}
