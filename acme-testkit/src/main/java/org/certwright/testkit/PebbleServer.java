package org.certwright.testkit;

import java.io.IOException;
import java.math.BigInteger;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.JsonNode;

/**
 * A running Pebble CA with its pebble-challtestsrv, as {@link PebbleExtension} injects it.
 *
 * <p>Everything listens on 127.0.0.1 only, on ports chosen for this instance. The ACME directory is
 * served over HTTPS with a certificate from a test CA made for this instance: trust
 * {@link #trustAnchor()} (or use {@link #sslContext()}) to reach it. That test CA is not the CA that
 * issues ACME certificates; Pebble generates those roots itself on every start ({@link #roots()}).
 *
 * <p>Pebble validates challenges for real: http-01 by connecting to 127.0.0.1:{@link #httpPort()},
 * tls-alpn-01 to 127.0.0.1:{@link #tlsPort()}, and dns-01 by asking {@link #challtestsrv()}, which
 * resolves every name to 127.0.0.1.
 *
 * <p>An instance is shared by all tests asking for the same {@link PebbleConfig} and stopped by the
 * extension at the end of the run; its accounts, orders and DNS data are therefore shared too.
 */
public final class PebbleServer {

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
    private final ChallTestServer challtestsrv;

    PebbleServer(PebbleConfig config, PebbleDistribution distribution, Path directory, TestCertificateAuthority ca,
            SSLContext sslContext, ManagementClient client, int acmePort, int managementPort, int httpPort,
            int tlsPort, PebbleProcess process, ChallTestServer challtestsrv) {
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
     */
    public ChallTestServer challtestsrv() {
        return challtestsrv;
    }

    /**
     * The file that receives Pebble's output, e.g. to attach to a failing test's report.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.log();
    }

    @Override
    public String toString() {
        return "Pebble " + version() + " at " + directoryUrl + " (" + config + ")";
    }

    /** Stops Pebble and pebble-challtestsrv and deletes the directory unless {@value #KEEP_PROPERTY} is set. */
    void stop() {
        try {
            process.close();
        } finally {
            challtestsrv.stop();
            if (!Boolean.getBoolean(KEEP_PROPERTY)) {
                deleteRecursively(directory);
            }
        }
    }

    /** The process ids of Pebble and pebble-challtestsrv, for tests of the clean-up. */
    List<Long> pids() {
        return List.of(process.pid(), challtestsrv.process().pid());
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
