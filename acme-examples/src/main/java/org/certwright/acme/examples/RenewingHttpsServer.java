package org.certwright.acme.examples;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.CaPreset;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.HttpChallengeHandler;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;
import org.certwright.acme.challenges.StoreHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.ManagedAccount;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.certwright.acme.lifecycle.ManagedKeyManager;
import org.certwright.acme.problem.AcmeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An HTTPS server that keeps its own certificate: the JDK's {@code HttpsServer} with a
 * {@link ManagedKeyManager}, fed by a {@link CertificateManager} that obtains the certificate,
 * keeps it in a {@link FileCertificateStore}, renews it (ARI first) and swaps it into the running
 * server without a restart. http-01 is answered by a plain HTTP server on the same host, which
 * redirects every other request to HTTPS.
 *
 * <pre>
 * java ... org.certwright.acme.examples.RenewingHttpsServer --server letsencrypt \
 *     --domain example.com --email ops@example.com --agree-tos --store /var/lib/renewing-https
 * </pre>
 *
 * <p>A restart serves the stored certificate at once. Until the first certificate arrives,
 * TLS handshakes fail (there is nothing to serve); the HTTP server answers meanwhile.
 */
@Command(name = "renewing-https-server", mixinStandardHelpOptions = true,
        description = "Serves HTTPS with a certificate it obtains and renews by itself over ACME (http-01).")
public final class RenewingHttpsServer implements Callable<Integer> {

    @Option(names = "--server", required = true,
            description = "the CA: a directory URL or one of " + "letsencrypt, letsencrypt-staging, google, "
                    + "google-staging, zerossl, buypass, buypass-staging, sslcom, pebble")
    String server;

    @Option(names = "--trust", description = "PEM file with the trust anchors for the CA's HTTPS (default: the JDK's)")
    Path trust;

    @Option(names = "--domain", required = true, description = "a DNS name or IP address; repeat for more")
    List<String> domains;

    @Option(names = "--email", description = "contact address for the account; repeat for more")
    List<String> emails = new ArrayList<>();

    @Option(names = "--agree-tos", description = "agree to the CA's terms of service")
    boolean agreeToTermsOfService;

    @Option(names = "--store", defaultValue = "renewing-https-store",
            description = "directory for the account, keys and certificates (default ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--http-port", defaultValue = "80", description = "port of the HTTP server (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--https-port", defaultValue = "443", description = "port of the HTTPS server (default ${DEFAULT-VALUE})")
    int httpsPort;

    @Option(names = "--bind", description = "address to listen on (default: every local address)")
    InetAddress bind;

    /** Runs the server until the process is stopped. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RenewingHttpsServer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Running running = start(settings())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            System.out.println("HTTPS on port " + running.httpsPort() + ", HTTP (http-01, redirects) on port "
                    + running.httpPort() + "; certificate store " + store.toAbsolutePath());
            stopped.await();
        }
        return 0;
    }

    Settings settings() throws IOException {
        AcmeClient.Builder client = AcmeClient.builder(CaPreset.resolve(server)).userAgent("certwright-example/1");
        if (trust != null) {
            client.trustedCertificates(trust);
        }
        List<URI> contacts = emails.stream().map(e -> URI.create("mailto:" + e)).toList();
        // Without the agreement, a CA with terms refuses the account, and says so in the log.
        ManagedAccount account = new ManagedAccount(contacts, agreeToTermsOfService, Optional.empty(), KeyType.EC_P256);
        return new Settings(client.build(), account, domains, store, bind, httpPort, httpsPort);
    }

    /**
     * What the server needs.
     *
     * @param client    the CA
     * @param account   the account to use there
     * @param domains   the certificate's names
     * @param store     the store's directory
     * @param bind      the address to listen on, or {@code null} for all
     * @param httpPort  the HTTP port (0: any free one)
     * @param httpsPort the HTTPS port (0: any free one)
     */
    record Settings(AcmeClient client, ManagedAccount account, List<String> domains, Path store, InetAddress bind,
                    int httpPort, int httpsPort) {
    }

    /**
     * Starts the HTTP and HTTPS servers and the certificate manager; returns at once.
     *
     * @param s what to start
     * @return the running server, to close
     * @throws IOException   if a port cannot be bound
     * @throws AcmeException if the store cannot be opened
     */
    static Running start(Settings s) throws IOException, AcmeException {
        ManagedKeyManager keyManager = new ManagedKeyManager();
        InMemoryHttpChallengeStore challenges = new InMemoryHttpChallengeStore();
        String name = s.domains().get(0);
        CertificateManager manager = CertificateManager.builder()
                .ca(s.client(), s.account())
                .store(FileCertificateStore.open(s.store()))
                .certificate(ManagedCertificate.builder().dns(s.domains().toArray(String[]::new))
                        .responders(new StoreHttpResponder(challenges)).build())
                .listener(keyManager.certificateManagerListener())
                .build();
        // A bounded pool for each server: the JDK's default runs every exchange on one thread.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        HttpServer http = HttpServer.create(new InetSocketAddress(s.bind(), s.httpPort()), 0);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(s.bind(), s.httpsPort()), 0);
        try {
            http.createContext(HttpResource.DIRECTORY, new HttpChallengeHandler(challenges));
            http.createContext("/", exchange -> {
                try (exchange) {
                    String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host"))
                            .map(h -> h.replaceFirst(":\\d+$", "")).orElse(name);
                    int port = https.getAddress().getPort();
                    exchange.getResponseHeaders().set("Location", "https://" + host + (port == 443 ? "" : ":" + port)
                            + exchange.getRequestURI());
                    exchange.sendResponseHeaders(301, -1);
                }
            });
            http.setExecutor(pool);
            https.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
            https.createContext("/", exchange -> {
                try (exchange) {
                    String body = manager.current(name).map(RenewingHttpsServer::describe)
                            .orElse("no certificate yet") + "\n";
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            });
            https.setExecutor(pool);
            http.start();
            https.start();
            manager.start();
        } catch (RuntimeException | Error e) {
            manager.close();
            http.stop(0);
            https.stop(0);
            pool.shutdownNow();
            throw e;
        }
        return new Running(manager, name, http, https, pool);
    }

    private static String describe(CurrentCertificate c) {
        X509Certificate leaf = c.leaf();
        return "Hello over TLS. This server's certificate: serial " + leaf.getSerialNumber().toString(16)
                + ", issued by " + leaf.getIssuerX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant();
    }

    /**
     * The running servers and their certificate manager.
     *
     * @param manager the certificate manager
     * @param name    the managed certificate's name
     * @param http    the HTTP server
     * @param https   the HTTPS server
     * @param pool    the servers' threads
     */
    record Running(CertificateManager manager, String name, HttpServer http, HttpsServer https, ExecutorService pool)
            implements AutoCloseable {

        int httpPort() {
            return http.getAddress().getPort();
        }

        int httpsPort() {
            return https.getAddress().getPort();
        }

        /** Stops the servers (letting exchanges in progress finish for a second) and the manager. */
        @Override
        public void close() {
            https.stop(1);
            http.stop(1);
            manager.close();
            pool.shutdownNow();
        }
    }
}
