package org.certwright.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A PowerDNS Authoritative server of a test's own: {@code pdns_server} with the SQLite backend on a
 * private directory, answering DNS on 127.0.0.1 and a free port and serving its HTTP API (with a key
 * made for this instance) on another free loopback port. The machine's own PowerDNS service, if any,
 * is never used.
 *
 * <p>The first zone is created through the API with the A record 127.0.0.1 at its apex and for every
 * name below it (a wildcard), so a Pebble that uses this server as its DNS server
 * ({@link PebbleServer#start(PebbleConfig, InetSocketAddress)}) resolves the zone's names to the
 * test's responders and validates dns-01 against the TXT records published through the API. Caches
 * are off, so a change is visible to the next query.
 *
 * <pre>{@code
 * try (PowerDnsServer pdns = PowerDnsServer.start("certwright.test");
 *      PebbleServer pebble = PebbleServer.start(PebbleConfig.defaults(), pdns.address())) {
 *     ... publish through pdns.apiUrl() with the key pdns.apiKey() ...
 * }
 * }</pre>
 *
 * <p>{@code pdns_server} is looked for in the file named by the system property
 * {@value #PDNS_PROPERTY}, else on the {@code PATH} and in {@code /usr/sbin}; the SQLite schema in
 * {@value #SCHEMA} and the {@code sqlite3} program on the {@code PATH} (Debian:
 * {@code apt-get install pdns-server pdns-backend-sqlite3 sqlite3}, or
 * {@code scripts/prerequisites.sh}'s {@code pdns}). When one is missing, {@link #start(String)} skips
 * the calling test, or fails it when the environment variable {@value PebbleExtension#CI_VARIABLE}
 * is set.
 *
 * @since 0.2.0
 */
public final class PowerDnsServer implements AutoCloseable {

    /** System property naming the {@code pdns_server} binary to use. */
    public static final String PDNS_PROPERTY = "certwright.pdns";

    /** Where Debian's {@code pdns-backend-sqlite3} puts the database schema. */
    public static final String SCHEMA = "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql";

    /** The server id of the HTTP API: PowerDNS has only {@code localhost}. */
    public static final String SERVER_ID = "localhost";

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Pattern ZONE = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z]{2,63}");
    private static final List<String> SBIN_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final int dnsPort;
    private final int apiPort;
    private final String apiKey;
    private final Path directory;
    private final PebbleProcess process;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PowerDnsServer(int dnsPort, int apiPort, String apiKey, Path directory, PebbleProcess process,
            HttpClient http) {
        this.dnsPort = dnsPort;
        this.apiPort = apiPort;
        this.apiKey = apiKey;
        this.directory = directory;
        this.process = process;
        this.http = http;
    }

    /**
     * Starts {@code pdns_server} and creates a zone in it; waits until the zone answers over DNS.
     * Skips the calling test (or fails it under CI) when PowerDNS or its SQLite backend is missing.
     *
     * @param zone the zone, e.g. {@code certwright.test}, without trailing dot
     * @return the running server; close it when done
     * @throws IllegalStateException if it does not start; the message holds the end of its log
     */
    public static PowerDnsServer start(String zone) {
        String normalized = checkZone(zone);
        Path pdns = BindServer.requireNamed(findPdns(), PowerDnsServer::missingMessage,
                System.getenv(PebbleExtension.CI_VARIABLE));
        Path sqlite = BindServer.requireNamed(findOnPath("sqlite3"), PowerDnsServer::missingMessage,
                System.getenv(PebbleExtension.CI_VARIABLE));
        BindServer.requireNamed(Optional.of(Path.of(SCHEMA)).filter(Files::isRegularFile),
                PowerDnsServer::missingMessage, System.getenv(PebbleExtension.CI_VARIABLE));
        Path dir = createDirectory();
        String key = newKey();
        List<String> collisions = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<Integer> ports = FreePorts.reserve(2);
            try {
                PowerDnsServer server = attempt(pdns, sqlite, dir, ports.get(0), ports.get(1), key);
                try {
                    server.createZone(normalized);
                    return server;
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            } catch (PebbleLauncher.PortInUseException e) {
                collisions.add(e.getMessage());
            }
        }
        throw new IllegalStateException("pdns_server could not bind its ports in " + ATTEMPTS + " attempts (files in "
                + dir + "):\n" + String.join("\n", collisions));
    }

    /**
     * Creates another zone through the API, with the same records as the first (apex and wildcard at
     * 127.0.0.1), and waits until it answers. Used for nested zones ({@code sub.certwright.test}).
     *
     * @param zone the zone, without trailing dot
     */
    public void createZone(String zone) {
        String normalized = checkZone(zone);
        String origin = normalized + ".";
        ObjectNode body = JSON.createObjectNode();
        body.put("name", origin);
        body.put("kind", "Native");
        body.putArray("nameservers").add("ns." + origin);
        ArrayNode rrsets = body.putArray("rrsets");
        for (String name : List.of(origin, "ns." + origin, "*." + origin)) {
            ObjectNode rrset = rrsets.addObject();
            rrset.put("name", name);
            rrset.put("type", "A");
            rrset.put("ttl", 60);
            rrset.putArray("records").addObject().put("content", "127.0.0.1").put("disabled", false);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(zonesUrl())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("PowerDNS did not create " + normalized + ": " + response.statusCode() + " "
                    + response.body());
        }
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (!DnsProbe.resolves(dnsPort, normalized, POLL_TIMEOUT)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("PowerDNS does not answer for " + normalized + ".\n" + process.tail(30));
            }
            PebbleLauncher.pause();
        }
    }

    /**
     * Replaces the records of one type at a name through the API, as an operator would set up a
     * zone: a CNAME that delegates a challenge name, say.
     *
     * @param zone     the zone, without trailing dot
     * @param name     the record name, without trailing dot
     * @param type     the record type, such as {@code CNAME}
     * @param contents the records' contents in zone file syntax (a CNAME target with trailing dot, a
     *                 TXT value in quotes); empty to delete the set
     */
    public void replaceRecords(String zone, String name, String type, List<String> contents) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode rrset = body.putArray("rrsets").addObject();
        rrset.put("name", name.toLowerCase(Locale.ROOT) + ".");
        rrset.put("type", type);
        rrset.put("ttl", 60);
        rrset.put("changetype", contents.isEmpty() ? "DELETE" : "REPLACE");
        ArrayNode records = rrset.putArray("records");
        contents.forEach(c -> records.addObject().put("content", c).put("disabled", false));
        HttpResponse<String> response = send(HttpRequest.newBuilder(zonesUrl().resolve("zones/" + checkZone(zone) + "."))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("PowerDNS did not change " + name + " " + type + ": "
                    + response.statusCode() + " " + response.body());
        }
    }

    /**
     * The TXT values at a name as PowerDNS holds them, read from the API's zone.
     *
     * @param zone the zone, without trailing dot
     * @param name the record name, without trailing dot
     * @return the values without their quotes; empty when there is no such record
     */
    public Set<String> txt(String zone, String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(zonesUrl().resolve(
                "zones/" + checkZone(zone) + ".")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PowerDNS did not return " + zone + ": " + response.statusCode() + " "
                    + response.body());
        }
        String absolute = name.toLowerCase(Locale.ROOT) + ".";
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode rrset : JSON.readTree(response.body()).path("rrsets")) {
            if (rrset.path("name").asString().equals(absolute) && rrset.path("type").asString().equals("TXT")) {
                for (JsonNode record : rrset.path("records")) {
                    values.add(unquote(record.path("content").asString()));
                }
            }
        }
        return values;
    }

    /**
     * The address {@code pdns_server} answers DNS on, over UDP and TCP.
     *
     * @return 127.0.0.1 and a free port
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(FreePorts.loopback(), dnsPort);
    }

    /**
     * The base URL of the HTTP API, to which the PowerDNS API paths ({@code /api/v1/servers/...}) are
     * relative.
     *
     * @return {@code http://127.0.0.1:<port>/}
     */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + apiPort + "/");
    }

    /**
     * The API key, generated for this instance, sent in the {@code X-API-Key} header.
     *
     * @return the key
     */
    public String apiKey() {
        return apiKey;
    }

    /**
     * The temporary directory with {@code pdns.conf}, the SQLite database and the log.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The file that receives {@code pdns_server}'s output, including every query it answers.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.log();
    }

    /** Stops {@code pdns_server} and deletes its directory unless {@value PebbleServer#KEEP_PROPERTY} is set. */
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
        return "pdns_server[dns=127.0.0.1:" + dnsPort + ", api=" + apiUrl() + "]";
    }

    /** The configuration: SQLite backend, loopback only, API on, every cache off, nothing outside {@code dir}. */
    static String pdnsConf(Path dir, int dnsPort, int apiPort, String key) {
        String d = dir.toAbsolutePath().toString();
        return String.join("\n",
                "launch=gsqlite3",
                "gsqlite3-database=" + d + "/pdns.sqlite3",
                "local-address=127.0.0.1",
                "local-port=" + dnsPort,
                "api=yes",
                "api-key=" + key,
                "webserver=yes",
                "webserver-address=127.0.0.1",
                "webserver-port=" + apiPort,
                "webserver-allow-from=127.0.0.1",
                // The default socket directory (/run/pdns) belongs to the system service.
                "socket-dir=" + d,
                "daemon=no",
                "guardian=no",
                "disable-syslog=yes",
                // A TXT record published through the API must be in the very next answer.
                "cache-ttl=0",
                "negquery-cache-ttl=0",
                "query-cache-ttl=0",
                "consistent-backends=yes",
                // One receiver and few distributors: the tests share few cores.
                "receiver-threads=1",
                "distributor-threads=1",
                "log-dns-queries=yes",
                "loglevel=6",
                "");
    }

    static Optional<Path> findPdns() {
        String property = System.getProperty(PDNS_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path path = Path.of(property);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return findOnPath("pdns_server");
    }

    static String missingMessage() {
        return "PowerDNS with its SQLite backend is not installed: need pdns_server (-D" + PDNS_PROPERTY
                + ", the PATH or " + String.join(", ", SBIN_DIRS) + "), " + SCHEMA + " and sqlite3. Install them with:"
                + " apt-get install -y pdns-server pdns-backend-sqlite3 sqlite3"
                + " (the system service need not run; tests start their own pdns_server)";
    }

    private static PowerDnsServer attempt(Path pdns, Path sqlite, Path dir, int dnsPort, int apiPort, String key)
            throws PebbleLauncher.PortInUseException {
        Path database = dir.resolve("pdns.sqlite3");
        try {
            Files.deleteIfExists(database);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + database, e);
        }
        createDatabase(sqlite, database);
        write(dir.resolve("pdns.conf"), pdnsConf(dir, dnsPort, apiPort, key));
        List<String> command = List.of(pdns.toString(), "--config-dir=" + dir);
        PebbleProcess process = PebbleProcess.start("pdns_server", command, Map.of(), dir.resolve("pdns.log"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        PowerDnsServer server = new PowerDnsServer(dnsPort, apiPort, key, dir, process, http);
        try {
            server.awaitApi(Instant.now().plus(STARTUP_TIMEOUT));
            return server;
        } catch (PebbleLauncher.PortInUseException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private void awaitApi(Instant deadline) throws PebbleLauncher.PortInUseException {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String tail = process.tail(30);
                if (tail.toLowerCase(Locale.ROOT).contains("address already in use")) {
                    throw new PebbleLauncher.PortInUseException(process.tail(8));
                }
                throw new IllegalStateException("pdns_server exited during startup.\n" + tail);
            }
            try {
                HttpResponse<String> response = http.send(request(HttpRequest.newBuilder(zonesUrl()).GET()),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting pdns_server", e);
            }
            PebbleLauncher.pause();
        }
        throw new IllegalStateException("pdns_server's API did not answer on " + apiUrl() + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s.\n" + process.tail(30));
    }

    private URI zonesUrl() {
        return apiUrl().resolve("api/v1/servers/" + SERVER_ID + "/zones");
    }

    private HttpRequest request(HttpRequest.Builder builder) {
        return builder.timeout(REQUEST_TIMEOUT).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json").build();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(request(builder), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("PowerDNS API request failed: " + e.getMessage() + "\n" + process.tail(10), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the PowerDNS API", e);
        }
    }

    private static void createDatabase(Path sqlite, Path database) {
        try {
            Process p = new ProcessBuilder(sqlite.toString(), database.toString(), ".read " + SCHEMA)
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            boolean done = p.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
                throw new IllegalStateException("sqlite3 did not create " + database + " in time");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("sqlite3 could not create " + database + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + sqlite, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the PowerDNS database", e);
        }
    }

    private static String unquote(String content) {
        // The API gives TXT contents in zone file syntax: quoted strings, which a long value splits.
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < content.length()) {
                value.append(content.charAt(++i));
            } else if (quoted) {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static String checkZone(String zone) {
        Objects.requireNonNull(zone, "zone");
        String normalized = zone.toLowerCase(Locale.ROOT);
        if (!ZONE.matcher(normalized).matches()) {
            throw new IllegalArgumentException("not a zone name: '" + zone + "'");
        }
        return normalized;
    }

    private static Optional<Path> findOnPath(String program) {
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
        for (Path dir : dirs) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String newKey() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
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
            return Files.createTempDirectory("certwright-pdns-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for pdns_server", e);
        }
    }
}
