package org.certwright.acme.examples;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.challenges.HttpChallengeHandler;
import org.certwright.acme.challenges.SharedHttpChallengeStore;
import org.certwright.acme.challenges.StoreHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CertificateSource;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.JdbcCertificateStore;
import org.certwright.acme.lifecycle.ManagedAccount;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.certwright.acme.lifecycle.RenewalReason;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.acme.lifecycle.StoreLease;
import org.certwright.acme.problem.AcmeException;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the certificate manager and prints one JSON line per measurement.
 *
 * <ul>
 *   <li>{@code --mode populate}: writes {@code --count} valid certificates (key and chain) into the
 *       store, as a manager would have.</li>
 *   <li>{@code --mode startup}: in a fresh JVM, manages those certificates: time until
 *       {@code start()} returns (every stored certificate is served), time until each has had its
 *       first maintenance pass (its renewal time chosen), heap used after a full GC, and threads.</li>
 *   <li>{@code --mode renewals}: against a Pebble started for measuring
 *       ({@code PEBBLE_VA_NOSLEEP=1}, no nonce rejection, no authorization reuse): one manager
 *       obtains {@code --count} 6-day certificates; then {@code --managers} managers on the same
 *       store, their clocks moved past the renewal time, renew them all: wall time, orders placed
 *       (must equal the count) and requests per certificate.</li>
 * </ul>
 *
 * The store is a file store under {@code --dir}, or PostgreSQL with {@code --jdbc host:port}
 * (as {@code scripts/postgres.sh env} prints).
 */
@Command(name = "lifecycle-benchmark", mixinStandardHelpOptions = true,
        description = "Measures the certificate manager: start-up with many certificates, and renewals against Pebble.")
public final class LifecycleBenchmark implements Callable<Integer> {

    @Option(names = "--mode", required = true, description = "populate, startup or renewals")
    String mode;

    @Option(names = "--count", defaultValue = "10000", description = "certificates (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--dir", defaultValue = "target/lifecycle-benchmark", description = "file store directory")
    Path dir;

    @Option(names = "--jdbc", description = "PostgreSQL as host:port (user certwright, database postgres) instead of files")
    String jdbc;

    @Option(names = "--table-prefix", defaultValue = "bench_", description = "JDBC table prefix (default ${DEFAULT-VALUE})")
    String tablePrefix;

    @Option(names = "--managers", defaultValue = "1", description = "managers renewing together (default ${DEFAULT-VALUE})")
    int managers;

    @Option(names = "--workers", defaultValue = "4", description = "worker threads per manager (default ${DEFAULT-VALUE})")
    int workers;

    /** Runs one measurement. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LifecycleBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        switch (mode) {
            case "populate" -> populate();
            case "startup" -> startup();
            case "renewals" -> renewals();
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown mode " + mode);
        }
        return 0;
    }

    private String storeName() {
        return jdbc == null ? "file" : "postgresql";
    }

    private CertificateStore store() throws AcmeException {
        if (jdbc == null) {
            return FileCertificateStore.open(dir);
        }
        String[] hostPort = jdbc.split(":");
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {hostPort[0]});
        source.setPortNumbers(new int[] {Integer.parseInt(hostPort[1])});
        source.setDatabaseName("postgres");
        source.setUser("certwright");
        return JdbcCertificateStore.builder((DataSource) source).tablePrefix(tablePrefix).open();
    }

    private static String name(int i) {
        return "c" + i + ".bench.test";
    }

    // ---- populate

    private void populate() throws Exception {
        CertificateStore store = store();
        KeyPair ca = KeyType.EC_P256.generate();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = name(i);
                done.add(pool.submit(() -> {
                    KeyPair key = KeyType.EC_P256.generate();
                    X509Certificate leaf = certificate(ca, key, name, now);
                    StoreLease lease = store.tryLock(StoreLayout.certificateLock(name), "populate", Duration.ofMinutes(1))
                            .orElseThrow();
                    try {
                        store.write(StoreLayout.certificateKey(name),
                                Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII), lease);
                        store.write(StoreLayout.certificateChain(name),
                                Pem.encodeCertificates(List.of(leaf)).getBytes(StandardCharsets.US_ASCII), lease);
                    } finally {
                        store.release(lease);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "{\"mode\":\"populate\",\"store\":\"%s\",\"certificates\":%d,\"seconds\":%.1f}%n",
                storeName(), count, (System.nanoTime() - t0) / 1e9);
    }

    private static X509Certificate certificate(KeyPair ca, KeyPair key, String name, Instant now) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=Benchmark CA"), BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(89))),
                new X500Name("CN=" + name), key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, name)))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
    }

    // ---- startup

    private void startup() throws Exception {
        CertificateStore store = store();
        Set<String> planned = ConcurrentHashMap.newKeySet();
        AtomicInteger issued = new AtomicInteger();
        CertificateManager.Builder b = CertificateManager.builder().source(new NeverIssues(issued)).store(store)
                .listener(new CertificateManagerListener() {
                    @Override
                    public void renewalScheduled(String name, Instant at, RenewalReason reason) {
                        planned.add(name);
                    }
                });
        for (int i = 0; i < count; i++) {
            b.certificate(ManagedCertificate.builder().dns(name(i)).build());
        }
        CertificateManager manager = b.build();
        long t0 = System.nanoTime();
        manager.start();
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        while (planned.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("only " + planned.size() + " of " + count + " certificates had a pass");
            }
            Thread.sleep(10);
        }
        long settled = System.nanoTime();
        int served = (int) manager.status().stream().filter(s -> s.serial().isPresent()).count();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long managerThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("certwright-manager")).count();
        int jvmThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        manager.close();
        System.out.printf(Locale.ROOT, "{\"mode\":\"startup\",\"store\":\"%s\",\"certificates\":%d,\"served\":%d,"
                        + "\"startReturnedMs\":%d,\"allPlannedMs\":%d,\"heapMb\":%.1f,\"managerThreads\":%d,"
                        + "\"jvmThreads\":%d,\"orders\":%d}%n",
                storeName(), count, served, (started - t0) / 1_000_000, (settled - t0) / 1_000_000,
                heap / 1048576.0, managerThreads, jvmThreads, issued.get());
    }

    /** The certificates are all valid: a source that is asked to issue counts it (it must not be). */
    private record NeverIssues(AtomicInteger issued) implements CertificateSource {
        @Override
        public String caId() {
            return "benchmark";
        }

        @Override
        public boolean supportsRenewalInfo() {
            return false;
        }

        @Override
        public RenewalInfo renewalInfo(X509Certificate certificate) throws AcmeException {
            throw new AcmeException("no ARI here");
        }

        @Override
        public IssuedCertificate issue(IssuanceRequest request) throws AcmeException {
            issued.incrementAndGet();
            throw new AcmeException("the benchmark's certificates are all valid");
        }
    }

    // ---- renewals

    private void renewals() throws Exception {
        PebbleConfig config = new PebbleConfig(false, 0, 0, 0, 0, 0, 0, 0, true, false);
        try (PebbleServer pebble = PebbleServer.launch(config)) {
            CertificateStore shared = store();
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    pebble.httpPort()), 0);
            http.createContext("/", new HttpChallengeHandler(new SharedHttpChallengeStore(shared)));
            http.setExecutor(Executors.newFixedThreadPool(4));
            http.start();
            try {
                // Obtain: one manager, 6-day certificates.
                Phase obtain = phase(pebble, 1, "shortlived", Duration.ZERO, c -> true);
                print("obtain", 1, obtain);
                // Renew: the managers' clocks past the 6-day certificates' safety floor; the renewed
                // ones come from the 90-day profile, so they are not due again.
                Instant longLived = Instant.now().plus(Duration.ofDays(30));
                Phase renew = phase(pebble, managers, "default", Duration.ofHours(140),
                        c -> c.leaf().getNotAfter().toInstant().isAfter(longLived));
                print("renew", managers, renew);
            } finally {
                http.stop(0);
            }
        }
    }

    private record Phase(double seconds, int orders, int requests, int certificates) {
    }

    private interface Done {
        boolean test(CurrentCertificate c);
    }

    private Phase phase(PebbleServer pebble, int instances, String profile, Duration clockOffset, Done done)
            throws Exception {
        List<CertificateManager> running = new ArrayList<>();
        List<Counter> counters = new ArrayList<>();
        Clock clock = Clock.offset(Clock.systemUTC(), clockOffset);
        try {
            for (int m = 0; m < instances; m++) {
                Counter counter = new Counter();
                counters.add(counter);
                CertificateStore store = store();
                AcmeClient client = AcmeClient.builder(pebble.directoryUrl())
                        .trustedCertificates(List.of(pebble.trustAnchor())).eventListener(counter).build();
                StoreHttpResponder http01 = new StoreHttpResponder(new SharedHttpChallengeStore(store));
                CertificateManager.Builder b = CertificateManager.builder()
                        .ca(client, ManagedAccount.agreeingToTerms("mailto:bench@example.com"))
                        .store(store).clock(clock).workerThreads(workers).owner("bench-" + m)
                        .pollInterval(Duration.ofSeconds(1));
                for (int i = 0; i < count; i++) {
                    b.certificate(ManagedCertificate.builder().dns(name(i)).profile(profile).responders(http01).build());
                }
                running.add(b.build());
            }
            long t0 = System.nanoTime();
            running.forEach(CertificateManager::start);
            long deadline = t0 + Duration.ofMinutes(20).toNanos();
            for (CertificateManager m : running) {
                for (int i = 0; i < count; i++) {
                    while (!m.current(name(i)).map(done::test).orElse(false)) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new TimeoutException("certificate " + name(i) + " not done after 20 minutes");
                        }
                        Thread.sleep(5);
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            URI newOrder = running.get(0).certificates().isEmpty() ? null
                    : AcmeClient.builder(pebble.directoryUrl()).trustedCertificates(List.of(pebble.trustAnchor()))
                            .build().directory().newOrder().orElseThrow();
            int orders = counters.stream().mapToInt(c -> c.posts(newOrder)).sum();
            int requests = counters.stream().mapToInt(c -> c.requests.get()).sum();
            return new Phase(seconds, orders, requests, count);
        } finally {
            running.forEach(CertificateManager::close);
        }
    }

    private void print(String phase, int instances, Phase p) {
        System.out.printf(Locale.ROOT, "{\"mode\":\"renewals\",\"phase\":\"%s\",\"store\":\"%s\",\"managers\":%d,"
                        + "\"workersPerManager\":%d,\"certificates\":%d,\"seconds\":%.2f,\"certsPerSecond\":%.1f,"
                        + "\"orders\":%d,\"requestsPerCertificate\":%.2f}%n",
                phase, storeName(), instances, workers, p.certificates(), p.seconds(), p.certificates() / p.seconds(),
                p.orders(), (double) p.requests() / p.certificates());
    }

    /** Counts the requests sent and the POSTs the CA accepted, per URL. */
    private static final class Counter implements AcmeEventListener {
        final AtomicInteger requests = new AtomicInteger();
        final Map<URI, AtomicInteger> posts = new ConcurrentHashMap<>();

        @Override
        public void responseReceived(String method, URI url, int status, Duration elapsed) {
            requests.incrementAndGet();
            if (method.equals("POST") && status < 300) {
                posts.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
            }
        }

        int posts(URI url) {
            AtomicInteger n = posts.get(url);
            return n == null ? 0 : n.get();
        }
    }
}
