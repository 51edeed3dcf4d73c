package org.certwright.acme.store.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL server for the tests: Debian's {@code postgresql} binaries, a fresh data
 * directory under the temporary directory, listening on 127.0.0.1 only, on a free port, with its
 * Unix socket in that directory too — never the machine's own cluster. {@code initdb} and
 * {@code postgres} refuse to run as root, so as root they run as {@value #UNPRIVILEGED_USER} through
 * {@code runuser}, in a directory that user owns.
 *
 * <p>When the binaries are missing, the calling test is skipped, or fails when the environment
 * variable {@code CI} is set, as the Pebble and BIND tests do.
 */
final class PostgresServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** Overrides where the binaries are: a directory with {@code initdb}, {@code postgres} and {@code pg_ctl}. */
    static final String BIN_PROPERTY = "certwright.postgres.bin";
    static final String CI_VARIABLE = "CI";
    /** Keeps the data directory and logs after the run, for debugging. */
    static final String KEEP_PROPERTY = "certwright.postgres.keep";
    static final String USER = "certwright";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 3;

    private final Path bin;
    private final Path directory;
    private final int port;
    private final Process process;
    private final boolean asRoot;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reaper;

    private PostgresServer(Path bin, Path directory, int port, Process process, boolean asRoot) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.asRoot = asRoot;
        // A safety net: a test JVM that exits without closing does not leave a postgres behind.
        this.reaper = new Thread(this::stop, "certwright-postgres-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Creates a cluster and starts it, or skips (under CI fails) the calling test if PostgreSQL is not installed.
     *
     * @return the running server; close it when done
     */
    static PostgresServer start() {
        Path bin = requireInstalled();
        boolean asRoot = isRoot();
        Path directory;
        try {
            directory = Files.createTempDirectory("certwright-postgres-");
            if (asRoot) {
                UserPrincipal user = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(UNPRIVILEGED_USER);
                Files.setOwner(directory, user);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for PostgreSQL", e);
        }
        boolean started = false;
        try {
            run(asRoot, directory, directory.resolve("initdb.log"), List.of(bin.resolve("initdb").toString(),
                    "-D", directory.resolve("data").toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                    "--no-locale", "--no-sync"));
            List<String> failures = new ArrayList<>();
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                int port = freePort();
                Optional<PostgresServer> server = attempt(bin, directory, port, asRoot, failures);
                if (server.isPresent()) {
                    started = true;
                    return server.get();
                }
            }
            throw new IllegalStateException("PostgreSQL did not start in " + ATTEMPTS + " attempts (files in "
                    + directory + "):\n" + String.join("\n", failures));
        } finally {
            if (!started) {
                deleteRecursively(directory);
            }
        }
    }

    private static Optional<PostgresServer> attempt(Path bin, Path directory, int port, boolean asRoot,
            List<String> failures) {
        Path log = directory.resolve("postgres-" + port + ".log");
        Process process = launch(asRoot, log, List.of(bin.resolve("postgres").toString(),
                "-D", directory.resolve("data").toString(),
                "-p", Integer.toString(port), "-k", directory.toString(),
                "-c", "listen_addresses=127.0.0.1",
                // A throw-away cluster: durability costs time and buys nothing.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        PostgresServer server = new PostgresServer(bin, directory, port, process, asRoot);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Connection connection = server.dataSource().getConnection()) {
                return Optional.of(server);
            } catch (SQLException e) {
                if (!process.isAlive()) {
                    failures.add("port " + port + ": exited with " + process.exitValue() + ":\n" + tail(log));
                    server.close();
                    return Optional.empty();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                server.close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while PostgreSQL started", e);
            }
        }
        server.close();
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT + ":\n"
                + tail(log));
    }

    /**
     * A new data source on the server's {@code postgres} database, each call a separate one (as
     * another process would have), with bounded connection and socket waits.
     *
     * @return the data source
     */
    DataSource dataSource() {
        return dataSource(USER);
    }

    /**
     * A new data source on the server's {@code postgres} database for another role (authentication
     * is {@code trust}: any existing role may connect).
     *
     * @param user the role
     * @return the data source
     */
    DataSource dataSource(String user) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName("postgres");
        source.setUser(user);
        source.setConnectTimeout(10);
        source.setLoginTimeout(10);
        source.setSocketTimeout(60);
        return source;
    }

    /**
     * The port on 127.0.0.1.
     *
     * @return the port
     */
    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs stop() itself
        }
        stop();
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (process.isAlive()) {
                try {
                    // A fast shutdown: open sessions are ended instead of waited for.
                    run(asRoot, directory, directory.resolve("pg_ctl-stop.log"), List.of(bin.resolve("pg_ctl").toString(),
                            "stop", "-D", directory.resolve("data").toString(), "-m", "fast", "-w",
                            "-t", Long.toString(STOP_TIMEOUT.toSeconds())));
                } catch (RuntimeException e) {
                    // fall through to killing it
                }
                if (!waitFor(process, STOP_TIMEOUT)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    waitFor(process, STOP_TIMEOUT);
                }
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL[127.0.0.1:" + port + ", " + directory + "]";
    }

    // ------------------------------------------------------------------------------------------

    /**
     * The directory with the binaries: the {@value #BIN_PROPERTY} property when set (and nothing
     * else then), else the newest {@code /usr/lib/postgresql/<version>/bin} with {@code initdb}.
     *
     * @return the directory, or empty when PostgreSQL is not installed
     */
    static Optional<Path> findBin() {
        String property = System.getProperty(BIN_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path dir = Path.of(property);
            return Files.isExecutable(dir.resolve("initdb")) ? Optional.of(dir) : Optional.empty();
        }
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String missingMessage() {
        String property = System.getProperty(BIN_PROPERTY);
        String where = property != null && !property.isBlank() ? property + " (from -D" + BIN_PROPERTY + ")"
                : DEBIAN_ROOT + "/<version>/bin";
        return "PostgreSQL is not installed: found no initdb in " + where + ". Install it with:"
                + " apt-get install -y postgresql (the system cluster need not run; tests start their own)";
    }

    /**
     * The installed binaries, or else an aborted test, or a failed one when {@code ci} is set.
     *
     * @param found   the binary directory, if any
     * @param message the message when it is missing
     * @param ci      the value of {@value #CI_VARIABLE}, or {@code null}
     * @return the directory
     */
    static Path require(Optional<Path> found, Supplier<String> message, String ci) {
        if (found.isPresent()) {
            return found.get();
        }
        if (ci != null && !ci.isEmpty()) {
            return Assertions.fail(message.get() + " [failing rather than skipping because " + CI_VARIABLE + " is set]");
        }
        return Assumptions.abort(message.get());
    }

    /**
     * The binary directory, or else an aborted test, or a failed one under {@value #CI_VARIABLE}.
     *
     * @return the directory with {@code initdb}, {@code postgres} and {@code pg_ctl}
     */
    static Path requireInstalled() {
        return require(findBin(), PostgresServer::missingMessage, System.getenv(CI_VARIABLE));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asUser(boolean asRoot, List<String> command) {
        if (!asRoot) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Process launch(boolean asRoot, Path log, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(asUser(asRoot, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Settings from the developer's shell (PGPORT, PGDATA, ...) must not reach the private cluster.
        builder.environment().keySet().removeIf(key -> key.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Runs a command to its end, within a deadline. */
    private static void run(boolean asRoot, Path directory, Path log, List<String> command) {
        Process process = launch(asRoot, log, command);
        if (!waitFor(process, START_TIMEOUT)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + START_TIMEOUT + ":\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + process.exitValue() + " (in "
                    + directory + "):\n" + tail(log));
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: it is under the temporary directory
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
