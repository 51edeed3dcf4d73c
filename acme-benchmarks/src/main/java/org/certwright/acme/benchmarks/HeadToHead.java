package org.certwright.acme.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import com.sun.net.httpserver.HttpServer;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Certwright and acme4j side by side on one local Pebble: the parent process starts Pebble
 * ({@code PEBBLE_VA_NOSLEEP=1}, no nonce rejection, no authorization reuse) and runs each client
 * in a JVM of its own, so that CPU time and peak RSS are each client's; every run prints one JSON
 * line, and the parent prints a table and writes an SVG chart.
 *
 * <p>Both clients issue 1-name certificates for EC P-256 keys with one existing account, answering
 * http-01 with an embedded HTTP server on Pebble's validation port: Certwright with its
 * {@code EmbeddedHttpResponder}, acme4j with the JDK's {@code HttpServer}. Requests are counted by
 * each client's own HTTP layer (Certwright's session statistics; for acme4j, every request its
 * {@code HttpConnector} builds). CPU is the process CPU time of the client JVM during the measured
 * issuances (JIT and GC included), which the shared machine does not distort as much as wall time.
 *
 * <p>Usage: {@code HeadToHead [count] [svg-path]}, or, for a child,
 * {@code HeadToHead --client certwright|acme4j directory trust-pem http-port count concurrency}.
 */
public final class HeadToHead {

    private static final String[] CLIENTS = {"certwright", "acme4j"};
    private static final int[] CONCURRENCY = {1, 16};

    private HeadToHead() {
    }

    /**
     * Runs the comparison, or one client run when called with {@code --client}.
     *
     * @param args see the class description
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--client")) {
            System.out.println(runClient(args[1], URI.create(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6])));
            System.exit(0);
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path svg = Path.of(args.length > 1 ? args[1] : "src/site/resources/images/acme4j-comparison.svg");
        List<Map<String, String>> results = new ArrayList<>();
        PebbleConfig config = new PebbleConfig(false, 0, 0, 0, 0, 0, 0, 0, false, false);
        try (PebbleServer pebble = PebbleServer.launch(config)) {
            System.err.println("Pebble " + pebble.version() + " at " + pebble.directoryUrl());
            for (int concurrency : CONCURRENCY) {
                for (String client : CLIENTS) {
                    String line = child(client, pebble, count, concurrency);
                    System.out.println(line);
                    results.add(Json.flat(line));
                }
            }
        }
        System.out.println(Table.of(results));
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, Chart.svg(results));
        System.err.println("chart written to " + svg);
    }

    private static String child(String client, PebbleServer pebble, int count, int concurrency)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), HeadToHead.class.getName(), "--client", client,
                pebble.directoryUrl().toString(), pebble.trustAnchorPem().toString(),
                Integer.toString(pebble.httpPort()), Integer.toString(count), Integer.toString(concurrency));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                last = l;
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || last == null) {
            p.destroyForcibly();
            throw new IOException(client + " run failed");
        }
        return last;
    }

    /** One client's run in this JVM: a warm-up, then {@code count} certificates; one JSON line. */
    private static String runClient(String client, URI directory, Path trust, int httpPort, int count,
                                    int concurrency) throws Exception {
        Issuer issuer = client.equals("certwright") ? certwright(directory, trust, httpPort) : acme4j(directory, trust, httpPort);
        String run = Long.toString(System.nanoTime(), 36);
        AtomicInteger serial = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            issuer.issue("w" + serial.incrementAndGet() + "-" + run + "-" + client + ".bench.test");
        }
        long requestsBefore = issuer.requests();
        long cpuBefore = processCpuNanos();
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                issuer.issue("c" + serial.incrementAndGet() + "-" + run + "-" + client + ".bench.test");
                millis.add((System.nanoTime() - t0) / 1_000_000);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        long cpu = processCpuNanos() - cpuBefore;
        pool.shutdown();
        long requests = issuer.requests() - requestsBefore;
        issuer.close();
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "{\"client\":\"%s\",\"certificates\":%d,\"concurrency\":%d,"
                        + "\"requestsPerCertificate\":%.2f,\"medianMillis\":%d,\"p95Millis\":%d,"
                        + "\"certificatesPerSecond\":%.1f,\"cpuMillisPerCertificate\":%.1f,\"peakRssMb\":%d}",
                client, count, concurrency, (double) requests / count, percentile(sorted, 50), percentile(sorted, 95),
                count * 1000.0 / Math.max(1, wall), cpu / 1e6 / count, peakRssMb());
    }

    /** What both clients do: issue one certificate for a name. */
    private interface Issuer extends AutoCloseable {
        void issue(String name) throws Exception;

        long requests();

        @Override
        void close() throws Exception;
    }

    private static Issuer certwright(URI directory, Path trust, int httpPort) throws Exception {
        Session session = Session.builder(directory, KeyType.EC_P256.generate()).trustedCertificates(trust)
                .userAgent("certwright-head-to-head/1").build();
        session.register(NewRegistration.builder().agreeToTermsOfService().build());
        CertificateIssuer issuer = new CertificateIssuer(session);
        EmbeddedHttpResponder http = new EmbeddedHttpResponder(InetAddress.getLoopbackAddress(), httpPort);
        return new Issuer() {
            @Override
            public void issue(String name) throws Exception {
                issuer.issue(IssuanceRequest.builder().dns(name).keyType(KeyType.EC_P256).responders(http).build());
            }

            @Override
            public long requests() {
                return session.statistics().httpRequests();
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    private static Issuer acme4j(URI directory, Path trust, int httpPort) throws Exception {
        SSLContext.setDefault(trusting(trust));
        AtomicLong requests = new AtomicLong();
        GenericAcmeProvider counting = new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings settings, HttpClient client) {
                return new HttpConnector(settings, client) {
                    @Override
                    public HttpRequest.Builder createRequestBuilder(URL url) {
                        requests.incrementAndGet();
                        return super.createRequestBuilder(url);
                    }
                };
            }
        };
        org.shredzone.acme4j.Session session = new org.shredzone.acme4j.Session(directory, counting);
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(KeyType.EC_P256.generate())
                .create(session);
        Map<String, String> tokens = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 128);
        server.createContext("/.well-known/acme-challenge/", exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String answer = tokens.get(token);
            byte[] body = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, answer == null ? -1 : body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        Duration timeout = Duration.ofMinutes(2);
        return new Issuer() {
            @Override
            public void issue(String name) throws Exception {
                Order order = account.newOrder().domain(name).create();
                for (Authorization auth : order.getAuthorizations()) {
                    if (auth.getStatus() == Status.VALID) {
                        continue;
                    }
                    Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow();
                    tokens.put(challenge.getToken(), challenge.getAuthorization());
                    try {
                        challenge.trigger();
                        if (auth.waitForCompletion(timeout) != Status.VALID) {
                            throw new IllegalStateException("authorization for " + name + " failed");
                        }
                    } finally {
                        tokens.remove(challenge.getToken());
                    }
                }
                order.waitUntilReady(timeout);
                KeyPair domainKey = KeyType.EC_P256.generate();
                order.execute(domainKey);
                if (order.waitForCompletion(timeout) != Status.VALID) {
                    throw new IllegalStateException("order for " + name + " failed");
                }
                order.getCertificate().getCertificateChain();
            }

            @Override
            public long requests() {
                return requests.get();
            }

            @Override
            public void close() {
                server.stop(0);
            }
        };
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : Pem.readCertificates(Files.readString(pem))) {
            store.setCertificateEntry("anchor" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** VmHWM of this process (Linux), in MB; 0 where unknown. */
    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
