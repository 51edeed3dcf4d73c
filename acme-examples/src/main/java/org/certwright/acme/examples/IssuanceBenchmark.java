package org.certwright.acme.examples;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.PollPolicy;
import org.certwright.acme.Session;
import org.certwright.acme.SessionStatistics;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issues certificates as fast as a CA allows and prints one JSON line of measurements: wall time,
 * median and 95th percentile per certificate, and HTTP requests the library sent.
 *
 * <p>Challenges are answered by the {@link EmbeddedHttpResponder} on {@code --http-port}. Run it
 * against a local Pebble with {@code scripts/benchmark.sh}, which starts Pebble the way the
 * numbers in the documentation were taken.
 */
@Command(name = "issuance-benchmark", mixinStandardHelpOptions = true,
        description = "Issues certificates with one existing account and prints one JSON line of measurements.")
public final class IssuanceBenchmark implements Callable<Integer> {

    @Option(names = "--directory", required = true, description = "ACME directory URL")
    URI directory;

    @Option(names = "--trust", description = "PEM file with the CA's TLS trust anchors (default: the JDK's)")
    Path trust;

    @Option(names = "--count", defaultValue = "20", description = "certificates to issue (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--concurrency", defaultValue = "1", description = "issuances in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--names", defaultValue = "1", description = "names per certificate (default ${DEFAULT-VALUE})")
    int names;

    @Option(names = "--http-port", defaultValue = "5002", description = "port the CA sends http-01 validations to")
    int httpPort;

    @Option(names = "--domain", defaultValue = "bench.certwright.test", description = "parent domain of the names")
    String domain;

    @Option(names = "--poll-initial-ms", defaultValue = "0",
            description = "first poll interval in ms (default: the library's PollPolicy.DEFAULT)")
    long pollInitialMillis;

    @Option(names = "--warmup", defaultValue = "2", description = "certificates issued before measuring (JIT warm-up)")
    int warmup;

    /** Runs the benchmark. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new IssuanceBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Session.Builder builder = Session.builder(directory, KeyType.EC_P256.generate()).userAgent("certwright-benchmark/1");
        if (pollInitialMillis > 0) {
            PollPolicy d = PollPolicy.DEFAULT;
            builder.pollPolicy(new PollPolicy(java.time.Duration.ofMillis(pollInitialMillis), d.multiplier(),
                    d.maxInterval(), d.timeout()));
        }
        if (trust != null) {
            builder.trustedCertificates(trust);
        }
        Session session = builder.build();
        session.register(NewRegistration.builder().agreeToTermsOfService().build());
        CertificateIssuer issuer = new CertificateIssuer(session);
        AtomicInteger serial = new AtomicInteger();
        String run = Long.toString(System.currentTimeMillis(), 36);

        try (EmbeddedHttpResponder http = new EmbeddedHttpResponder(InetAddress.getLoopbackAddress(), httpPort)) {
            for (int i = 0; i < warmup; i++) {
                issueOne(issuer, http, run, serial.incrementAndGet());
            }
            SessionStatistics before = session.statistics();
            List<Long> millis = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    issueOne(issuer, http, run, serial.incrementAndGet());
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long wall = (System.nanoTime() - start) / 1_000_000;
            pool.shutdown();
            SessionStatistics after = session.statistics();
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            long requests = after.httpRequests() - before.httpRequests();
            System.out.printf(java.util.Locale.ROOT,
                    "{\"certificates\":%d,\"concurrency\":%d,\"namesPerCertificate\":%d,\"wallMillis\":%d,"
                            + "\"certificatesPerSecond\":%.2f,\"medianMillis\":%d,\"p95Millis\":%d,"
                            + "\"httpRequests\":%d,\"requestsPerCertificate\":%.2f,\"badNonceRetries\":%d,"
                            + "\"nonceRequests\":%d}%n",
                    count, concurrency, names, wall, count * 1000.0 / Math.max(1, wall), percentile(sorted, 50),
                    percentile(sorted, 95), requests, (double) requests / count,
                    after.badNonceRetries() - before.badNonceRetries(), after.nonceRequests() - before.nonceRequests());
        }
        return 0;
    }

    private void issueOne(CertificateIssuer issuer, EmbeddedHttpResponder http, String run, int n) throws Exception {
        List<String> dns = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            dns.add("c" + n + "-n" + i + "-" + run + "." + domain);
        }
        issuer.issue(IssuanceRequest.builder().dns(dns.toArray(String[]::new)).responders(http).build());
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
