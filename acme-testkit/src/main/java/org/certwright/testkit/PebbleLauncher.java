package org.certwright.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.node.ObjectNode;

/**
 * Starts one Pebble instance: a directory with the test CA and the configuration, a
 * pebble-challtestsrv as its DNS server (unless another DNS server is given), then Pebble itself,
 * retried on fresh ports when a port turns out to be taken.
 */
final class PebbleLauncher {

    /** How long each of the two processes may take to answer. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private static final int ATTEMPTS = 3;
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final long POLL_INTERVAL_MILLIS = 20;

    private PebbleLauncher() {
    }

    /** Thrown when a listener could not bind its port; the launcher then retries with other ports. */
    static final class PortInUseException extends Exception {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }

    /** The test CA of one instance, a TLS context trusting it and the client for both management APIs. */
    record Tls(TestCertificateAuthority ca, SSLContext sslContext, ManagementClient client) {
        static Tls create(Path dir) {
            TestCertificateAuthority ca = TestCertificateAuthority.create();
            ca.writeTo(dir);
            SSLContext sslContext = ca.sslContext();
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(sslContext)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            return new Tls(ca, sslContext, new ManagementClient(http));
        }
    }

    /**
     * Starts Pebble and its pebble-challtestsrv and waits until both answer.
     *
     * @param config       what to start
     * @param distribution the installed Pebble
     * @return the running instance
     * @throws IllegalStateException if it does not start; the message holds the end of the logs
     */
    static PebbleServer start(PebbleConfig config, PebbleDistribution distribution) {
        return start(config, distribution, null);
    }

    /**
     * Starts Pebble with the given DNS server, or with a pebble-challtestsrv of its own when it is
     * {@code null}, and waits until everything answers.
     *
     * @param config       what to start
     * @param distribution the installed Pebble
     * @param dnsServer    Pebble's DNS server, or {@code null} for a new pebble-challtestsrv
     * @return the running instance
     * @throws IllegalStateException if it does not start; the message holds the end of the logs
     */
    static PebbleServer start(PebbleConfig config, PebbleDistribution distribution, InetSocketAddress dnsServer) {
        Path dir = createDirectory();
        // In a fresh JVM, building the first certificate and HTTP client loads (and verifies) Bouncy Castle's
        // signed jars and the TLS stack, which takes longer than pebble-challtestsrv needs to come up.
        CompletableFuture<Tls> tls = CompletableFuture.supplyAsync(() -> Tls.create(dir), task -> {
            Thread thread = new Thread(task, "certwright-pebble-tls");
            thread.setDaemon(true);
            thread.start();
        });
        List<String> collisions = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return attempt(config, distribution, dir, tls, FreePorts.reserve(dnsServer == null ? 6 : 4), dnsServer);
            } catch (PortInUseException e) {
                collisions.add(e.getMessage());
            }
        }
        throw new IllegalStateException("Pebble could not bind its ports in " + ATTEMPTS + " attempts (logs in "
                + dir + "):\n" + String.join("\n", collisions));
    }

    /**
     * One try at starting, on the given ports.
     *
     * @param ports ACME, management, http-01, tls-alpn-01, DNS and challtestsrv management ports
     * @throws PortInUseException if Pebble or pebble-challtestsrv could not bind one of them
     */
    static PebbleServer attempt(PebbleConfig config, PebbleDistribution distribution, Path dir,
            CompletableFuture<Tls> tlsFuture, List<Integer> ports) throws PortInUseException {
        return attempt(config, distribution, dir, tlsFuture, ports, null);
    }

    /**
     * One try at starting, on the given ports, with the given DNS server or a new pebble-challtestsrv.
     *
     * @param ports     ACME, management, http-01 and tls-alpn-01 ports, then (only without
     *                  {@code dnsServer}) the DNS and challtestsrv management ports
     * @param dnsServer Pebble's DNS server, or {@code null} for a new pebble-challtestsrv
     * @throws PortInUseException if Pebble or pebble-challtestsrv could not bind one of the ports
     */
    static PebbleServer attempt(PebbleConfig config, PebbleDistribution distribution, Path dir,
            CompletableFuture<Tls> tlsFuture, List<Integer> ports, InetSocketAddress dnsServer)
            throws PortInUseException {
        int acmePort = ports.get(0);
        int managementPort = ports.get(1);
        int httpPort = ports.get(2);
        int tlsPort = ports.get(3);

        ChallTestServer challtestsrv = dnsServer != null ? null : ChallTestServer.start(distribution, dir,
                ports.get(4), ports.get(5), Instant.now().plus(STARTUP_TIMEOUT), () -> join(tlsFuture).client());
        String resolver = dnsServer != null ? PebbleServer.hostPort(dnsServer) : "127.0.0.1:" + ports.get(4);
        PebbleProcess pebble = null;
        try {
            Tls tls = join(tlsFuture);
            Path configFile = writeConfig(config, dir, acmePort, managementPort, httpPort, tlsPort);
            List<String> command = new ArrayList<>(List.of(distribution.pebble().toString(),
                    "-config", configFile.toString(),
                    "-dnsserver", resolver));
            if (config.strict()) {
                command.add("-strict");
            }
            pebble = PebbleProcess.start("pebble", command, environment(config), dir.resolve("pebble.log"));
            PebbleServer server = new PebbleServer(config, distribution, dir, tls.ca(), tls.sslContext(),
                    tls.client(), acmePort, managementPort, httpPort, tlsPort, pebble, challtestsrv, dnsServer);
            awaitReady(server, pebble, tls.client(), Instant.now().plus(STARTUP_TIMEOUT));
            return server;
        } catch (PortInUseException | RuntimeException e) {
            if (pebble != null) {
                pebble.close();
            }
            if (challtestsrv != null) {
                challtestsrv.stop();
            }
            throw e;
        }
    }

    private static Tls join(CompletableFuture<Tls> tls) {
        try {
            return tls.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits until the directory and the management API both answer 200 over TLS with the test CA. */
    private static void awaitReady(PebbleServer server, PebbleProcess pebble, ManagementClient client,
            Instant deadline) throws PortInUseException {
        URI directory = server.directoryUrl();
        URI roots = server.managementUrl().resolve("/roots/0");
        boolean directoryUp = false;
        int lastStatus = -1;
        while (Instant.now().isBefore(deadline)) {
            if (!pebble.isAlive()) {
                if (pebble.reportsPortInUse()) {
                    throw new PortInUseException(pebble.tail(5));
                }
                throw new IllegalStateException("Pebble exited during startup.\n" + pebble.tail(30));
            }
            try {
                if (!directoryUp) {
                    lastStatus = client.statusOf(directory, POLL_TIMEOUT);
                    directoryUp = lastStatus == 200;
                }
                if (directoryUp) {
                    lastStatus = client.statusOf(roots, POLL_TIMEOUT);
                    if (lastStatus == 200) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Pebble", e);
            }
            pause();
        }
        throw new IllegalStateException("Pebble did not answer " + (directoryUp ? roots : directory)
                + " with 200 within "
                + STARTUP_TIMEOUT.toSeconds() + " s (last status: " + (lastStatus < 0 ? "no connection" : lastStatus)
                + ").\n" + pebble.tail(30));
    }

    static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Pebble", e);
        }
    }

    /**
     * Pebble's environment. {@code PEBBLE_VA_NOSLEEP=1} always; the rest only when the configuration
     * departs from Pebble's default. {@code PEBBLE_VA_ALWAYS_VALID} is never set.
     */
    static Map<String, String> environment(PebbleConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PEBBLE_VA_NOSLEEP", "1");
        if (config.nonceRejectPercent() != Pebble.PEBBLE_DEFAULT) {
            env.put("PEBBLE_WFE_NONCEREJECT", Integer.toString(config.nonceRejectPercent()));
        }
        if (config.authzReusePercent() != Pebble.PEBBLE_DEFAULT) {
            env.put("PEBBLE_AUTHZREUSE", Integer.toString(config.authzReusePercent()));
        }
        if (config.ordersPerPage() > 0) {
            env.put("PEBBLE_WFE_ORDERS_PER_PAGE", Integer.toString(config.ordersPerPage()));
        }
        if (config.alternateRoots() > 0) {
            env.put("PEBBLE_ALTERNATE_ROOTS", Integer.toString(config.alternateRoots()));
        }
        if (config.chainLength() > 0) {
            env.put("PEBBLE_CHAIN_LENGTH", Integer.toString(config.chainLength()));
        }
        return env;
    }

    /** Pebble's JSON configuration, shaped like its example {@code pebble-config.json}. */
    static ObjectNode configJson(PebbleConfig config, Path dir, int acmePort, int managementPort, int httpPort,
            int tlsPort) {
        ObjectNode root = ManagementClient.object();
        ObjectNode pebble = root.putObject("pebble");
        pebble.put("listenAddress", "127.0.0.1:" + acmePort);
        pebble.put("managementListenAddress", "127.0.0.1:" + managementPort);
        pebble.put("certificate", dir.resolve(TestCertificateAuthority.LEAF_PEM).toString());
        pebble.put("privateKey", dir.resolve(TestCertificateAuthority.LEAF_KEY_PEM).toString());
        pebble.put("httpPort", httpPort);
        pebble.put("tlsPort", tlsPort);
        pebble.put("ocspResponderURL", "");
        pebble.put("externalAccountBindingRequired", config.eab());
        if (config.eab()) {
            ObjectNode keys = pebble.putObject("externalAccountMACKeys");
            PebbleConfig.EAB_KEYS.forEach(keys::put);
        }
        if (config.retryAfterAuthz() > 0 || config.retryAfterOrder() > 0) {
            ObjectNode retryAfter = pebble.putObject("retryAfter");
            if (config.retryAfterAuthz() > 0) {
                retryAfter.put("authz", config.retryAfterAuthz());
            }
            if (config.retryAfterOrder() > 0) {
                retryAfter.put("order", config.retryAfterOrder());
            }
        }
        if (config.profiles()) {
            ObjectNode profiles = pebble.putObject("profiles");
            profiles.putObject("default")
                    .put("description", "The profile you know and love")
                    .put("validityPeriod", 7_776_000);
            profiles.putObject("shortlived")
                    .put("description", "A short-lived cert profile, without actual enforcement")
                    .put("validityPeriod", 518_400);
        }
        return root;
    }

    private static Path writeConfig(PebbleConfig config, Path dir, int acmePort, int managementPort, int httpPort,
            int tlsPort) {
        Path file = dir.resolve("pebble-config.json");
        String json = ManagementClient.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(configJson(config, dir, acmePort, managementPort, httpPort, tlsPort));
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("certwright-pebble-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Pebble", e);
        }
    }
}
