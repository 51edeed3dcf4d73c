package org.certwright.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Assumptions;

import tools.jackson.databind.JsonNode;

/**
 * A running Pebble CA with its pebble-challtestsrv, as {@link PebbleExtension} injects it, or with a
 * DNS server of the test's choice, as {@link #start(PebbleConfig, InetSocketAddress)} starts it.
 *
 * <p>Everything listens on 127.0.0.1 only, on ports chosen for this instance. The ACME directory is
 * served over HTTPS with a certificate from a test CA made for this instance: trust
 * {@link #trustAnchor()} (or use {@link #sslContext()}) to reach it. That test CA is not the CA that
 * issues ACME certificates; Pebble generates those roots itself on every start ({@link #roots()}).
 *
 * <p>Pebble validates challenges for real: http-01 by connecting to 127.0.0.1:{@link #httpPort()},
 * tls-alpn-01 to 127.0.0.1:{@link #tlsPort()}, and dns-01 by asking {@link #challtestsrv()}, which
 * resolves every name to 127.0.0.1. A Pebble {@linkplain #start(PebbleConfig, InetSocketAddress) started
 * with another DNS server} (such as a {@link BindServer}) resolves names and looks up TXT records there.
 *
 * <p>An instance from the extension is shared by all tests asking for the same {@link PebbleConfig} and
 * stopped by the extension at the end of the run; its accounts, orders and DNS data are therefore shared
 * too. An instance from {@link #start(PebbleConfig, InetSocketAddress)} belongs to the caller, who
 * {@linkplain #close() closes} it.
 */
public final class PebbleServer implements AutoCloseable {

    /** System property that keeps the instance's directory (config, PEM files, logs) after the run. */
    public static final String KEEP_PROPERTY = "certwright.pebble.keep";

    /** Upper bound on the chains fetched by {@link #roots()} and {@link #intermediates()}. */
    private static final int MAX_CHAINS = 64;

    private final PebbleConfig config;
    private final PebbleDistribution distribution;
    private final Path directory;
    private final TestCertificateAuthority ca;
    private final SSLContext sslContext;
    private final ManagementClient client;
    private final URI directoryUrl;
    private final URI managementUrl;
    private final int httpPort;
    private final int tlsPort;
    private final PebbleProcess process;
    /** The DNS server Pebble was given; {@code null} only when {@link #challtestsrv} is that server. */
    private final ChallTestServer challtestsrv;
    private final InetSocketAddress dnsServer;
    private final AtomicBoolean owned = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    PebbleServer(PebbleConfig config, PebbleDistribution distribution, Path directory, TestCertificateAuthority ca,
            SSLContext sslContext, ManagementClient client, int acmePort, int managementPort, int httpPort,
            int tlsPort, PebbleProcess process, ChallTestServer challtestsrv, InetSocketAddress dnsServer) {
        this.config = config;
        this.distribution = distribution;
        this.directory = directory;
        this.ca = ca;
        this.sslContext = sslContext;
        this.client = client;
        this.directoryUrl = URI.create("https://127.0.0.1:" + acmePort + "/dir");
        this.managementUrl = URI.create("https://127.0.0.1:" + managementPort);
        this.httpPort = httpPort;
        this.tlsPort = tlsPort;
        this.process = process;
        this.challtestsrv = challtestsrv;
        this.dnsServer = challtestsrv != null ? challtestsrv.dnsAddress() : dnsServer;
    }

    /**
     * Starts a Pebble of the caller's own, outside {@link PebbleExtension}, whose DNS server is
     * {@code dnsServer} ({@code -dnsserver}) instead of a pebble-challtestsrv: Pebble then resolves the
     * names it validates, and looks up dns-01 TXT records, there. No pebble-challtestsrv is started.
     * Close the instance when done. Like the extension, this skips the calling test when Pebble is not
     * installed (or fails it when {@value PebbleExtension#CI_VARIABLE} is set), and skips it when the
     * installed version cannot serve the configuration.
     *
     * @param config    the configuration, e.g. {@link PebbleConfig#defaults()}
     * @param dnsServer the DNS server, e.g. {@link BindServer#address()}
     * @return the running instance, to be {@linkplain #close() closed} by the caller
     * @throws IllegalStateException if it does not start; the message holds the end of the log
     */
    public static PebbleServer start(PebbleConfig config, InetSocketAddress dnsServer) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dnsServer, "dnsServer");
        if (dnsServer.isUnresolved()) {
            throw new IllegalArgumentException("DNS server address is unresolved: " + dnsServer);
        }
        PebbleDistribution distribution = PebbleExtension.requireDistribution(PebbleDistribution.find(),
                PebbleDistribution::missingMessage, System.getenv(PebbleExtension.CI_VARIABLE));
        config.unsupportedBy(distribution.version()).ifPresent(reason ->
                Assumptions.abort("Skipped: " + reason + " (" + config + ")"));
        PebbleServer server = PebbleLauncher.start(config, distribution, dnsServer);
        server.owned.set(true);
        return server;
    }

    /**
     * Starts a Pebble with a pebble-challtestsrv of its own, outside JUnit: for programs such as
     * the demo and the benchmark in {@code acme-examples}. Pebble is looked for where the tests look
     * ({@code -Dcertwright.pebble.dir}, else {@code target/pebble} here or one directory up). Close
     * the instance when done.
     *
     * @param config the configuration, e.g. {@link PebbleConfig#defaults()}
     * @return the running instance, to be {@linkplain #close() closed} by the caller
     * @throws IllegalStateException if Pebble is not installed, cannot serve the configuration, or
     *                               does not start; the message says which and what to do
     */
    public static PebbleServer launch(PebbleConfig config) {
        Objects.requireNonNull(config, "config");
        PebbleDistribution distribution = PebbleDistribution.find()
                .orElseThrow(() -> new IllegalStateException(PebbleDistribution.missingMessage()));
        config.unsupportedBy(distribution.version()).ifPresent(reason -> {
            throw new IllegalStateException(reason + " (" + config + ")");
        });
        PebbleServer server = PebbleLauncher.start(config, distribution);
        server.owned.set(true);
        return server;
    }

    /**
     * The ACME directory URL, {@code https://127.0.0.1:<port>/dir}.
     *
     * @return the directory URL
     */
    public URI directoryUrl() {
        return directoryUrl;
    }

    /**
     * The root of the test CA that signed the certificate of Pebble's HTTPS listeners.
     *
     * @return the trust anchor for {@link #directoryUrl()} and {@link #managementUrl()}
     */
    public X509Certificate trustAnchor() {
        return ca.root();
    }

    /**
     * {@link #trustAnchor()} as a PEM file.
     *
     * @return the path of the PEM file
     */
    public Path trustAnchorPem() {
        return directory.resolve(TestCertificateAuthority.ROOT_PEM);
    }

    /**
     * A TLS context that trusts {@link #trustAnchor()} and nothing else.
     *
     * @return the shared context (thread-safe)
     */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * The port on 127.0.0.1 to which Pebble sends http-01 validation requests; the test's http-01
     * responder listens here (e.g. {@link Http01TestServer#start(int)}).
     *
     * @return the http-01 port
     */
    public int httpPort() {
        return httpPort;
    }

    /**
     * The port on 127.0.0.1 to which Pebble connects for tls-alpn-01 validation; the test's
     * tls-alpn-01 responder listens here.
     *
     * @return the tls-alpn-01 port
     */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * The base URL of Pebble's management API (HTTPS, same trust anchor).
     *
     * @return e.g. {@code https://127.0.0.1:40123}, without trailing slash
     */
    public URI managementUrl() {
        return managementUrl;
    }

    /**
     * The Debian version of the installed Pebble, from the {@code VERSION} file that
     * {@code scripts/fetch-pebble.sh} writes.
     *
     * @return e.g. {@code 2.10.0+ds1-2}, or {@code unknown}
     */
    public String version() {
        return distribution.version().text();
    }

    /**
     * Whether the installed Pebble is at least the given upstream version; an unknown version
     * counts as older than everything.
     *
     * @param major the major version
     * @param minor the minor version
     * @return {@code true} if Pebble's version is {@code major.minor} or newer
     */
    public boolean versionAtLeast(int major, int minor) {
        return distribution.version().atLeast(major, minor);
    }

    /**
     * The configuration this instance was started with.
     *
     * @return the configuration
     */
    public PebbleConfig config() {
        return config;
    }

    /**
     * Pebble's issuing roots, generated on every start: {@code /roots/0}, then one per alternate chain.
     *
     * @return the roots, the default chain's first
     */
    public List<X509Certificate> roots() {
        return chain("roots");
    }

    /**
     * The intermediates that sign the end-entity certificates, one per chain, in the order of {@link #roots()}.
     *
     * @return the intermediates
     */
    public List<X509Certificate> intermediates() {
        return chain("intermediates");
    }

    /**
     * The external account binding keys that Pebble accepts.
     *
     * @return key id → base64url MAC key ({@code kid-1} … {@code kid-3}); empty unless
     *         {@link Pebble#eab()} is set
     */
    public Map<String, String> eabKeys() {
        return config.eab() ? PebbleConfig.EAB_KEYS : Map.of();
    }

    /**
     * Asks Pebble what it knows about a certificate it issued.
     *
     * @param serial the certificate's serial number
     * @return its status
     * @throws NoSuchElementException if Pebble issued no certificate with that serial
     */
    public CertStatus certStatus(BigInteger serial) {
        URI status = managementUrl.resolve("/cert-status-by-serial/" + serial.toString(16));
        HttpResponse<String> response = client.get(status);
        if (response.statusCode() == 404) {
            throw new NoSuchElementException("Pebble at " + directoryUrl + " has issued no certificate with serial 0x"
                    + serial.toString(16));
        }
        ManagementClient.requireOk(response);
        JsonNode json = ManagementClient.parse(response);
        X509Certificate certificate;
        try {
            certificate = TestCertificateAuthority.parseCertificates(json.path("Certificate").asString("")).get(0);
        } catch (CertificateException e) {
            throw new IllegalStateException(ManagementClient.describe(response) + " returned no certificate", e);
        }
        JsonNode reason = json.path("Reason");
        String revokedAt = json.path("RevokedAt").asString("");
        return new CertStatus(json.path("Status").asString(""), serial, certificate,
                reason.isNumber() ? OptionalInt.of(reason.asInt()) : OptionalInt.empty(),
                revokedAt.isEmpty() ? Optional.empty() : Optional.of(revokedAt));
    }

    /**
     * The pebble-challtestsrv that is this Pebble's DNS server.
     *
     * @return the DNS test server
     * @throws IllegalStateException if this Pebble was started with another DNS server
     */
    public ChallTestServer challtestsrv() {
        if (challtestsrv == null) {
            throw new IllegalStateException("This Pebble uses the DNS server " + hostPort(dnsServer)
                    + ", not a pebble-challtestsrv");
        }
        return challtestsrv;
    }

    /**
     * The DNS server Pebble resolves names and looks up TXT records with: its pebble-challtestsrv, or the
     * server given to {@link #start(PebbleConfig, InetSocketAddress)}.
     *
     * @return the server's address
     */
    public InetSocketAddress dnsServer() {
        return dnsServer;
    }

    /**
     * The file that receives Pebble's output, e.g. to attach to a failing test's report.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.log();
    }

    /**
     * Stops an instance from {@link #start(PebbleConfig, InetSocketAddress)}, like the extension stops its
     * own at the end of the run. Closing again does nothing.
     *
     * @throws IllegalStateException if this instance came from {@link PebbleExtension}, which shares it
     *                               with other tests and stops it itself
     */
    @Override
    public void close() {
        if (!owned.get()) {
            throw new IllegalStateException("This Pebble is shared by PebbleExtension, which stops it: " + this);
        }
        stop();
    }

    @Override
    public String toString() {
        return "Pebble " + version() + " at " + directoryUrl + " (" + config
                + (challtestsrv == null ? ", DNS server " + hostPort(dnsServer) : "") + ")";
    }

    /** Stops Pebble and pebble-challtestsrv and deletes the directory unless {@value #KEEP_PROPERTY} is set. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            process.close();
        } finally {
            if (challtestsrv != null) {
                challtestsrv.stop();
            }
            if (!Boolean.getBoolean(KEEP_PROPERTY)) {
                deleteRecursively(directory);
            }
        }
    }

    /** The process ids of Pebble and (if it has one) pebble-challtestsrv, for tests of the clean-up. */
    List<Long> pids() {
        return challtestsrv == null ? List.of(process.pid()) : List.of(process.pid(), challtestsrv.process().pid());
    }

    /** {@code host:port} as Pebble's {@code -dnsserver} takes it, IPv6 in brackets. */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private List<X509Certificate> chain(String kind) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (int i = 0; i < MAX_CHAINS; i++) {
            HttpResponse<String> response = client.get(managementUrl.resolve("/" + kind + "/" + i));
            if (response.statusCode() == 404 && i > 0) {
                break;
            }
            ManagementClient.requireOk(response);
            try {
                certificates.add(TestCertificateAuthority.parseCertificates(response.body()).get(0));
            } catch (CertificateException e) {
                throw new IllegalStateException(ManagementClient.describe(response) + " returned no certificate", e);
            }
        }
        return List.copyOf(certificates);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a temp directory left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }
}
