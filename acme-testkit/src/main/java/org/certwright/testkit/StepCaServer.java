package org.certwright.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running step-ca (smallstep certificates 0.19.0, built by {@code scripts/fetch-step-ca.sh}) with
 * two ACME provisioners: {@code acme} ({@link #directoryUrl()}) and {@code acme-eab}
 * ({@link #eabDirectoryUrl()}), which requires external account binding with the keys of
 * {@link #takeEabKey()}. Tests get one from {@link StepCaExtension}.
 *
 * <p>step-ca validates http-01 on port 80 and tls-alpn-01 on port 443 of the address a name resolves
 * to; 0.19.0 has no option to change the ports. Each instance therefore has a loopback address of its
 * own ({@link #validationAddress()}, a random one in 127.0.0.0/8, so that parallel runs do not meet),
 * its resolver is a pebble-challtestsrv that answers every name with that address, and responders
 * listen on that address's ports {@link #HTTP_PORT} and {@link #TLS_PORT} (which needs root, or
 * {@code net.ipv4.ip_unprivileged_port_start} at 80 or lower). IP identifiers use the address itself.
 *
 * @since 0.2.0
 */
public final class StepCaServer {

    /** The port step-ca validates http-01 on. */
    public static final int HTTP_PORT = 80;

    /** The port step-ca validates tls-alpn-01 on. */
    public static final int TLS_PORT = 443;

    /** The provisioner without external account binding. */
    public static final String PROVISIONER = "acme";

    /** The provisioner that requires external account binding. */
    public static final String EAB_PROVISIONER = "acme-eab";

    /** System property naming the directory that holds the {@code step-ca} binary. */
    static final String DIR_PROPERTY = "certwright.stepca.dir";

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private static final int EAB_KEYS = 16;
    private static final int ATTEMPTS = 3;

    /**
     * An external account binding key of the {@value #EAB_PROVISIONER} provisioner, not yet bound.
     *
     * @param keyId   the key identifier ({@code kid})
     * @param hmacKey the MAC key, base64url without padding
     * @since 0.2.0
     */
    public record EabKey(String keyId, String hmacKey) {
    }

    private final Path dir;
    private final StepCaPki pki;
    private final SSLContext sslContext;
    private final int port;
    private final InetAddress validationAddress;
    private final PebbleProcess process;
    private final ChallTestServer challtestsrv;
    private final Deque<EabKey> eabKeys;

    private StepCaServer(Path dir, StepCaPki pki, int port, InetAddress validationAddress, PebbleProcess process,
            ChallTestServer challtestsrv, List<EabKey> eabKeys) {
        this.dir = dir;
        this.pki = pki;
        this.sslContext = pki.sslContext();
        this.port = port;
        this.validationAddress = validationAddress;
        this.process = process;
        this.challtestsrv = challtestsrv;
        this.eabKeys = new ArrayDeque<>(eabKeys);
    }

    /**
     * The directory URL of the {@value #PROVISIONER} provisioner.
     *
     * @return {@code https://127.0.0.1:<port>/acme/acme/directory}
     */
    public URI directoryUrl() {
        return directoryUrl(PROVISIONER);
    }

    /**
     * The directory URL of the {@value #EAB_PROVISIONER} provisioner, which requires external account
     * binding.
     *
     * @return {@code https://127.0.0.1:<port>/acme/acme-eab/directory}
     */
    public URI eabDirectoryUrl() {
        return directoryUrl(EAB_PROVISIONER);
    }

    private URI directoryUrl(String provisioner) {
        return URI.create("https://127.0.0.1:" + port + "/acme/" + provisioner + "/directory");
    }

    /**
     * The root that signs both step-ca's HTTPS certificate and (through the intermediate) the
     * certificates it issues.
     *
     * @return the root certificate
     */
    public X509Certificate trustAnchor() {
        return pki.root();
    }

    /**
     * A TLS context that trusts {@link #trustAnchor()} only.
     *
     * @return the context
     */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * The loopback address that every name resolves to for step-ca, where http-01 and tls-alpn-01
     * responders must listen (on {@link #HTTP_PORT} and {@link #TLS_PORT}); also the address to use as
     * an IP identifier.
     *
     * @return an address in 127.0.0.0/8
     */
    public InetAddress validationAddress() {
        return validationAddress;
    }

    /**
     * The DNS server step-ca resolves names with; dns-01 TXT records go there.
     *
     * @return the pebble-challtestsrv of this instance
     */
    public ChallTestServer challtestsrv() {
        return challtestsrv;
    }

    /**
     * Hands out an external account binding key of the {@value #EAB_PROVISIONER} provisioner that no
     * test used yet. step-ca binds a key to one account only.
     *
     * @return a fresh key
     * @throws IllegalStateException when all keys created at startup are used
     */
    public synchronized EabKey takeEabKey() {
        EabKey key = eabKeys.poll();
        if (key == null) {
            throw new IllegalStateException("all " + EAB_KEYS + " EAB keys of " + this + " are used");
        }
        return key;
    }

    /**
     * The directory with {@code ca.json}, the certificates, the database and the logs.
     *
     * @return the instance's directory
     */
    public Path directory() {
        return dir;
    }

    /**
     * step-ca's log, to read when a test fails.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.log();
    }

    /** Stops step-ca and its pebble-challtestsrv, whatever happens to either. */
    void stop() {
        try {
            process.close();
        } finally {
            challtestsrv.stop();
        }
    }

    @Override
    public String toString() {
        return "step-ca on 127.0.0.1:" + port + " validating at " + validationAddress.getHostAddress() + " (" + dir
                + ")";
    }

    // ---- finding and starting ----

    /**
     * The directories searched for {@code step-ca}: the {@value #DIR_PROPERTY} system property when
     * set (Maven sets it), otherwise {@code ../target/step-ca} and {@code target/step-ca}.
     */
    static List<Path> candidates() {
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return List.of(Path.of(property).toAbsolutePath().normalize());
        }
        Path workingDir = Path.of("").toAbsolutePath();
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(workingDir.resolve("../target/step-ca").normalize());
        dirs.add(workingDir.resolve("target/step-ca").normalize());
        return new ArrayList<>(dirs);
    }

    /** The built binary, if any. */
    static Optional<Path> findBinary() {
        return candidates().stream().map(d -> d.resolve("step-ca")).filter(Files::isExecutable).findFirst();
    }

    static String missingMessage() {
        return "step-ca is not built: expected " + candidates().get(0).resolve("step-ca")
                + "; run scripts/fetch-step-ca.sh (it installs golang-go and Debian's step-ca sources with apt-get)";
    }

    /**
     * Why responders cannot listen where step-ca validates, if they cannot.
     *
     * @param address the validation address
     * @return empty when ports 80 and 443 of the address can be bound
     */
    static Optional<String> cannotListenOn(InetAddress address) {
        for (int p : List.of(HTTP_PORT, TLS_PORT)) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, p));
            } catch (IOException e) {
                return Optional.of("step-ca validates on ports 80 and 443, which this user cannot listen on at "
                        + address.getHostAddress() + ":" + p + " (" + e.getMessage() + "); run the tests as root or "
                        + "set net.ipv4.ip_unprivileged_port_start=80");
            }
        }
        return Optional.empty();
    }

    /** A random address in 127.0.0.0/8 other than 127.0.0.1, so that parallel runs validate apart. */
    static InetAddress randomLoopback() {
        SecureRandom random = new SecureRandom();
        byte[] address = {127, (byte) (1 + random.nextInt(254)), (byte) random.nextInt(256),
            (byte) (1 + random.nextInt(254))};
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("a literal address is always valid", e);
        }
    }

    /**
     * Starts step-ca with a new root, intermediate and database, and a pebble-challtestsrv as its
     * resolver, and waits until its ACME directory answers.
     *
     * @param binary            the step-ca binary
     * @param pebble            Pebble's distribution, for pebble-challtestsrv
     * @param validationAddress where names resolve to
     * @return the running instance
     * @throws IllegalStateException if it does not start; the message holds the end of the log
     */
    static StepCaServer start(Path binary, PebbleDistribution pebble, InetAddress validationAddress) {
        Path dir;
        try {
            dir = Files.createTempDirectory("certwright-step-ca-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for step-ca", e);
        }
        StepCaPki pki = StepCaPki.create();
        pki.writeTo(dir);
        List<String> collisions = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return attempt(binary, pebble, validationAddress, dir, pki, FreePorts.reserve(3));
            } catch (PebbleLauncher.PortInUseException e) {
                collisions.add(e.getMessage());
            }
        }
        throw new IllegalStateException("step-ca could not bind its ports in " + ATTEMPTS + " attempts (logs in "
                + dir + "):\n" + String.join("\n", collisions));
    }

    private static StepCaServer attempt(Path binary, PebbleDistribution pebble, InetAddress validationAddress,
            Path dir, StepCaPki pki, List<Integer> ports) throws PebbleLauncher.PortInUseException {
        int acmePort = ports.get(0);
        HttpClient http = HttpClient.newBuilder().sslContext(pki.sslContext())
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        ManagementClient client = new ManagementClient(http);
        ChallTestServer challtestsrv = ChallTestServer.start(pebble, dir, ports.get(1), ports.get(2),
                Instant.now().plus(STARTUP_TIMEOUT), () -> client);
        PebbleProcess process = null;
        try {
            challtestsrv.setDefaultIpv4(validationAddress.getHostAddress());
            Path config = writeConfig(dir, acmePort);
            List<EabKey> keys = createEabKeys(binary, dir, config);
            process = PebbleProcess.start("step-ca", List.of(binary.toString(),
                    "--resolver", "127.0.0.1:" + ports.get(1), config.toString()),
                    Map.of("STEPPATH", dir.resolve("step").toString()), dir.resolve("step-ca.log"));
            StepCaServer server = new StepCaServer(dir, pki, acmePort, validationAddress, process, challtestsrv, keys);
            awaitReady(server, process, client);
            return server;
        } catch (PebbleLauncher.PortInUseException | RuntimeException e) {
            if (process != null) {
                process.close();
            }
            challtestsrv.stop();
            throw e;
        }
    }

    /** step-ca's {@code ca.json}: the files of {@link StepCaPki}, a bbolt database, two ACME provisioners. */
    static ObjectNode configJson(Path dir, int acmePort) {
        ObjectNode root = ManagementClient.object();
        root.put("root", dir.resolve(StepCaPki.ROOT_PEM).toString());
        root.put("crt", dir.resolve(StepCaPki.INTERMEDIATE_PEM).toString());
        root.put("key", dir.resolve(StepCaPki.INTERMEDIATE_KEY_PEM).toString());
        root.put("address", "127.0.0.1:" + acmePort);
        root.putArray("dnsNames").add("127.0.0.1").add("localhost");
        root.putObject("logger").put("format", "text");
        root.putObject("db").put("type", "bbolt").put("dataSource", dir.resolve("db").toString());
        ArrayNode provisioners = root.putObject("authority").putArray("provisioners");
        provisioners.addObject().put("type", "ACME").put("name", PROVISIONER);
        provisioners.addObject().put("type", "ACME").put("name", EAB_PROVISIONER).put("requireEAB", true);
        return root;
    }

    private static Path writeConfig(Path dir, int acmePort) {
        Path file = dir.resolve("ca.json");
        try {
            Files.writeString(file, ManagementClient.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(configJson(dir, acmePort)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    /** Runs {@code step-ca eab-add} before the server starts: the database allows one process at a time. */
    private static List<EabKey> createEabKeys(Path binary, Path dir, Path config) {
        Path out = dir.resolve("eab-keys.jsonl");
        Path log = dir.resolve("eab-add.log");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "eab-add", "--provisioner", EAB_PROVISIONER,
                "--count", Integer.toString(EAB_KEYS), config.toString())
                .redirectOutput(out.toFile()).redirectError(log.toFile());
        builder.environment().put("STEPPATH", dir.resolve("step").toString());
        Process process = null;
        try {
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("step-ca eab-add did not finish within " + STARTUP_TIMEOUT.toSeconds()
                        + " s (" + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("step-ca eab-add failed with status " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            List<EabKey> keys = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                JsonNode json = ManagementClient.JSON.readTree(line);
                keys.add(new EabKey(json.get("kid").asString(), json.get("hmacKey").asString()));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run step-ca eab-add", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating EAB keys", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static void awaitReady(StepCaServer server, PebbleProcess process, ManagementClient client)
            throws PebbleLauncher.PortInUseException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        int lastStatus = -1;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                if (process.reportsPortInUse()) {
                    throw new PebbleLauncher.PortInUseException(process.tail(5));
                }
                throw new IllegalStateException("step-ca exited during startup.\n" + process.tail(30));
            }
            try {
                lastStatus = client.statusOf(server.directoryUrl(), Duration.ofSeconds(1));
                if (lastStatus == 200) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting step-ca", e);
            }
            PebbleLauncher.pause();
        }
        throw new IllegalStateException("step-ca did not answer " + server.directoryUrl() + " with 200 within "
                + STARTUP_TIMEOUT.toSeconds() + " s (last status: " + (lastStatus < 0 ? "no connection" : lastStatus)
                + ").\n" + process.tail(30));
    }
}
