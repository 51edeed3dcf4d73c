package org.certwright.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A BIND 9 {@code named} of a test's own: the primary server of one zone on 127.0.0.1 and a free port,
 * which accepts RFC 2136 dynamic updates signed with a TSIG key (HMAC-SHA256) made for this instance.
 *
 * <p>The zone answers every name below it with the A record 127.0.0.1 (a wildcard), so a Pebble that
 * uses this server as its DNS server ({@link PebbleServer#start(PebbleConfig, InetSocketAddress)})
 * resolves the zone's names to the test's responders and validates dns-01 against the records the
 * test published. Recursion is off: names outside the zone are refused.
 *
 * <pre>{@code
 * try (BindServer bind = BindServer.start("certwright.test");
 *      PebbleServer pebble = PebbleServer.start(PebbleConfig.defaults(), bind.address())) {
 *     ... update bind.address() with the key bind.tsigKeyName() / bind.tsigSecret() ...
 * }
 * }</pre>
 *
 * <p>{@code named} runs in the foreground ({@code -g}) with a configuration, zone file and journal in
 * a temporary directory, which is deleted on {@link #close()} unless the system property
 * {@value PebbleServer#KEEP_PROPERTY} is set. It is looked for in the file named by the system
 * property {@value #NAMED_PROPERTY}, else on the {@code PATH} and in {@code /usr/sbin},
 * {@code /usr/local/sbin} and {@code /sbin} (Debian: {@code apt-get install bind9}). When it is missing,
 * {@link #start(String, String...)} skips the calling test, or fails it when the environment variable
 * {@value PebbleExtension#CI_VARIABLE} is set: the same rule as for a missing Pebble.
 */
public final class BindServer implements AutoCloseable {

    /** The zone used when the test names none. */
    public static final String DEFAULT_ZONE = "certwright.test";

    /** System property naming the {@code named} binary to use. */
    public static final String NAMED_PROPERTY = "certwright.named";

    /** The TSIG algorithm of the update key, as BIND and RFC 8945 name it. */
    public static final String TSIG_ALGORITHM = "hmac-sha256";

    /** How long {@code named} may take to load the zone and answer. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private static final String KEY_NAME = "certwright-update";
    private static final int ATTEMPTS = 3;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Pattern ZONE = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z]{2,63}");
    private static final List<String> SBIN_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");
    /** What named 9.x logs when a listener cannot bind; it then exits ("unable to listen ..."). */
    private static final List<String> PORT_IN_USE_SIGNS = List.of("address in use", "address already in use",
            "unable to listen on any configured interfaces", "creating IPv4 interface lo failed");

    private final String zone;
    private final int port;
    private final String secret;
    private final Path directory;
    private final PebbleProcess process;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BindServer(String zone, int port, String secret, Path directory, PebbleProcess process) {
        this.zone = zone;
        this.port = port;
        this.secret = secret;
        this.directory = directory;
        this.process = process;
    }

    /**
     * Starts {@code named} as the primary server of {@value #DEFAULT_ZONE}.
     *
     * @return the running server; close it when done
     */
    public static BindServer start() {
        return start(DEFAULT_ZONE);
    }

    /**
     * Starts {@code named} as the primary server of a zone, and waits until it answers for the zone.
     * Skips the calling test (or fails it under CI) when {@code named} is not installed.
     *
     * @param zone    the zone, e.g. {@code certwright.test}, without trailing dot
     * @param records extra zone file lines relative to the zone's origin, e.g.
     *                {@code "_acme-challenge.alias CNAME _acme-challenge.target"}
     * @return the running server; close it when done
     * @throws IllegalStateException if it does not start; the message holds the end of its log
     */
    public static BindServer start(String zone, String... records) {
        Objects.requireNonNull(zone, "zone");
        String normalized = zone.toLowerCase(Locale.ROOT);
        if (!ZONE.matcher(normalized).matches()) {
            throw new IllegalArgumentException("not a zone name: '" + zone + "'");
        }
        Path named = requireNamed(findNamed(), BindServer::missingMessage, System.getenv(PebbleExtension.CI_VARIABLE));
        Path dir = createDirectory();
        String secret = newSecret();
        List<String> collisions = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = FreePorts.reserve(1).get(0);
            try {
                return attempt(named, dir, normalized, port, secret, List.of(records));
            } catch (PebbleLauncher.PortInUseException e) {
                collisions.add(e.getMessage());
            }
        }
        throw new IllegalStateException("named could not bind a port in " + ATTEMPTS + " attempts (files in " + dir
                + "):\n" + String.join("\n", collisions));
    }

    /**
     * The zone this server is primary for.
     *
     * @return the zone name without trailing dot
     */
    public String zone() {
        return zone;
    }

    /**
     * The address {@code named} listens on for DNS over UDP and TCP, and for updates.
     *
     * @return 127.0.0.1 and {@link #port()}
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(FreePorts.loopback(), port);
    }

    /**
     * The port on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The name of the TSIG key that may update the zone.
     *
     * @return the key name, without trailing dot
     */
    public String tsigKeyName() {
        return KEY_NAME;
    }

    /**
     * The algorithm of the update key.
     *
     * @return {@value #TSIG_ALGORITHM}
     */
    public String tsigAlgorithm() {
        return TSIG_ALGORITHM;
    }

    /**
     * The secret of the update key, generated for this instance.
     *
     * @return 32 random bytes, base64
     */
    public String tsigSecret() {
        return secret;
    }

    /**
     * The temporary directory with {@code named.conf}, the zone file and its journal.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The file that receives {@code named}'s output, including every query (e.g.
     * {@code query: _acme-challenge.www.certwright.test IN TXT +}, where {@code +} means recursion
     * desired, as a CA's resolver asks) and every update.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.log();
    }

    /** Stops {@code named} and deletes its directory unless {@value PebbleServer#KEEP_PROPERTY} is set. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                process.close();
            } finally {
                if (!Boolean.getBoolean(PebbleServer.KEEP_PROPERTY)) {
                    PebbleServer.deleteRecursively(directory);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "named[zone=" + zone + ", address=127.0.0.1:" + port + "]";
    }

    /** The process id of {@code named}, for tests of the clean-up. */
    long pid() {
        return process.pid();
    }

    /**
     * Where {@code named} is: the {@value #NAMED_PROPERTY} property when set (and nothing else then),
     * else the first executable {@code named} on the {@code PATH} or in the usual {@code sbin} directories.
     *
     * @return the binary, or empty when it is not installed
     */
    static Optional<Path> findNamed() {
        String property = System.getProperty(NAMED_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path path = Path.of(property);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (Path dir : searchPath()) {
            Path candidate = dir.resolve("named");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static String missingMessage() {
        String property = System.getProperty(NAMED_PROPERTY);
        String where = property != null && !property.isBlank() ? property + " (from -D" + NAMED_PROPERTY + ")"
                : "named on the PATH or in " + String.join(", ", SBIN_DIRS);
        return "BIND 9 is not installed: found no " + where + ". Install it with: apt-get install -y bind9"
                + " (the system service need not run; tests start their own named)";
    }

    /**
     * The installed {@code named}, or else an aborted test, or a failed one when {@code ci} is set.
     *
     * @param found   the binary, if any
     * @param message the message when it is missing
     * @param ci      the value of {@value PebbleExtension#CI_VARIABLE}, or {@code null}
     * @return the binary
     */
    static Path requireNamed(Optional<Path> found, Supplier<String> message, String ci) {
        if (found.isPresent()) {
            return found.get();
        }
        if (ci != null && !ci.isEmpty()) {
            return Assertions.fail(message.get() + " [failing rather than skipping because "
                    + PebbleExtension.CI_VARIABLE + " is set]");
        }
        return Assumptions.abort(message.get());
    }

    /** The configuration: one primary zone updatable with the key, loopback only, no recursion. */
    static String namedConf(Path dir, String zone, int port, String secret) {
        String d = dir.toAbsolutePath().toString();
        return String.join("\n",
                "options {",
                "    directory \"" + d + "\";",
                "    pid-file \"" + d + "/named.pid\";",
                // The defaults live under /run/named and /var/cache/bind, which belong to the system service.
                "    session-keyfile \"" + d + "/session.key\";",
                "    managed-keys-directory \"" + d + "\";",
                "    listen-on port " + port + " { 127.0.0.1; };",
                "    listen-on-v6 { none; };",
                "    recursion no;",
                "    allow-transfer { none; };",
                "    dnssec-validation no;",
                "    notify no;",
                // Every query in the log, so that a test can see that its CA looked a record up.
                "    querylog yes;",
                "};",
                // No rndc channel: it would need a key and a port of its own.
                "controls { };",
                "key \"" + KEY_NAME + "\" {",
                "    algorithm " + TSIG_ALGORITHM + ";",
                "    secret \"" + secret + "\";",
                "};",
                "zone \"" + zone + "\" {",
                "    type primary;",
                "    file \"" + d + "/" + zone + ".zone\";",
                "    allow-update { key \"" + KEY_NAME + "\"; };",
                "};",
                "");
    }

    /** The zone file: SOA, NS, the apex and a wildcard at 127.0.0.1, then the test's lines. */
    static String zoneFile(String zone, List<String> records) {
        List<String> lines = new ArrayList<>(List.of(
                "$ORIGIN " + zone + ".",
                "$TTL 60",
                // Short timers: nothing caches this zone for long, and the serial is bumped by every update.
                "@ IN SOA ns." + zone + ". hostmaster." + zone + ". ( 1 60 60 600 60 )",
                "@ IN NS ns",
                "@ IN A 127.0.0.1",
                "ns IN A 127.0.0.1",
                "* IN A 127.0.0.1"));
        lines.addAll(records);
        lines.add("");
        return String.join("\n", lines);
    }

    private static BindServer attempt(Path named, Path dir, String zone, int port, String secret,
            List<String> records) throws PebbleLauncher.PortInUseException {
        write(dir.resolve("named.conf"), namedConf(dir, zone, port, secret));
        write(dir.resolve(zone + ".zone"), zoneFile(zone, records));
        try {
            // A journal left by an earlier attempt would replay updates the new zone file knows nothing of.
            Files.deleteIfExists(dir.resolve(zone + ".zone.jnl"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the journal in " + dir, e);
        }
        // -g: foreground, log to stderr; -n 1: one worker thread, the tests share few cores.
        List<String> command = List.of(named.toString(), "-g", "-n", "1", "-c", dir.resolve("named.conf").toString());
        PebbleProcess process = PebbleProcess.start("named", command, Map.of(), dir.resolve("named.log"));
        try {
            awaitReady(process, zone, port, Instant.now().plus(STARTUP_TIMEOUT));
            return new BindServer(zone, port, secret, dir, process);
        } catch (PebbleLauncher.PortInUseException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Waits until the zone's apex resolves: named answers only once it has loaded the zone. */
    private static void awaitReady(PebbleProcess process, String zone, int port, Instant deadline)
            throws PebbleLauncher.PortInUseException {
        while (Instant.now().isBefore(deadline)) {
            if (reportsPortInUse(process)) {
                throw new PebbleLauncher.PortInUseException(process.tail(8));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("named exited during startup.\n" + process.tail(30));
            }
            if (DnsProbe.resolves(port, zone, POLL_TIMEOUT)) {
                return;
            }
            PebbleLauncher.pause();
        }
        throw new IllegalStateException("named did not answer for " + zone + " on 127.0.0.1:" + port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s.\n" + process.tail(30));
    }

    private static boolean reportsPortInUse(PebbleProcess process) {
        String log;
        try {
            log = Files.readString(process.log(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return false;
        }
        return PORT_IN_USE_SIGNS.stream().anyMatch(log::contains);
    }

    private static Set<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        SBIN_DIRS.forEach(dir -> dirs.add(Path.of(dir)));
        return dirs;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("certwright-bind-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for named", e);
        }
    }
}
