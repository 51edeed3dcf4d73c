package org.certwright.acme.examples;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.RetryPolicy;
import org.certwright.acme.Session;
import org.certwright.acme.SessionStatistics;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A soak test of the {@code badNonce} retry: issues many certificates concurrently against a local
 * Pebble that rejects a large share of good nonces ({@code PEBBLE_WFE_NONCEREJECT}, 30% here
 * against Pebble's default of 5%), and prints one JSON line with how many issuances failed and
 * why. With the session's default {@code RetryPolicy} none should: a rejected nonce has no
 * effect and is retried, so an order must never be lost to nonces alone.
 *
 * <p>Not part of the test run (it takes minutes); run it with {@code scripts/nonce-soak.sh}. The
 * exit status is 0 when every issuance succeeded, 1 otherwise.
 */
@Command(name = "nonce-soak", mixinStandardHelpOptions = true,
        description = "Issues certificates against a Pebble that rejects many nonces and counts the failures.")
public final class NonceSoak implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "1000", description = "certificates to issue (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--concurrency", defaultValue = "8", description = "issuances in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--reject-percent", defaultValue = "30",
            description = "share of good nonces Pebble rejects (default ${DEFAULT-VALUE})")
    int rejectPercent;

    @Option(names = "--bad-nonce-retries", defaultValue = "-1",
            description = "badNonce retries per request (default: RetryPolicy.DEFAULT's)")
    int badNonceRetries;

    @Option(names = "--timeout-minutes", defaultValue = "120",
            description = "give up waiting for the run after this long (default ${DEFAULT-VALUE})")
    long timeoutMinutes;

    /**
     * Runs the soak test.
     *
     * @param args {@code --count}, {@code --concurrency}, {@code --reject-percent},
     *             {@code --bad-nonce-retries}, {@code --timeout-minutes}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new NonceSoak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PebbleConfig config = new PebbleConfig(false, 0, 0, rejectPercent, 0, 0, 0, 0, false, false);
        try (PebbleServer pebble = PebbleServer.launch(config)) {
            System.err.println("Pebble " + pebble.version() + " at " + pebble.directoryUrl() + ", rejecting "
                    + rejectPercent + "% of nonces");
            RetryPolicy retry = badNonceRetries < 0 ? RetryPolicy.DEFAULT
                    : RetryPolicy.DEFAULT.withBadNonceRetries(badNonceRetries);
            Session session = Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                    .trustedCertificates(pebble.trustAnchorPem())
                    .userAgent("certwright-nonce-soak/1")
                    .retryPolicy(retry)
                    .build();
            session.register(NewRegistration.builder().agreeToTermsOfService().build());
            return run(session, pebble.httpPort());
        }
    }

    private int run(Session session, int httpPort) throws Exception {
        CertificateIssuer issuer = new CertificateIssuer(session);
        String run = Long.toString(System.currentTimeMillis(), 36);
        AtomicInteger serial = new AtomicInteger();
        LongAdder failures = new LongAdder();
        Map<String, LongAdder> causes = new ConcurrentHashMap<>();
        SessionStatistics before = session.statistics();
        long start = System.nanoTime();
        try (EmbeddedHttpResponder http = new EmbeddedHttpResponder(InetAddress.getLoopbackAddress(), httpPort)) {
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    futures.add(pool.submit(() -> {
                        String name = "s" + serial.incrementAndGet() + "-" + run + ".soak.certwright.test";
                        try {
                            issuer.issue(IssuanceRequest.builder().dns(name).responders(http).build());
                        } catch (Exception e) {
                            failures.increment();
                            causes.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                            System.err.println("FAILED " + name + ": " + e.getMessage());
                        }
                        return null;
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
                for (Future<?> f : futures) {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
        long wall = Duration.ofNanos(System.nanoTime() - start).toMillis();
        SessionStatistics after = session.statistics();
        Map<String, Long> byCause = new TreeMap<>();
        causes.forEach((k, v) -> byCause.put(k, v.sum()));
        StringBuilder causeJson = new StringBuilder("{");
        byCause.forEach((k, v) -> causeJson.append(causeJson.length() > 1 ? "," : "").append('"').append(k)
                .append("\":").append(v));
        causeJson.append('}');
        System.out.printf(Locale.ROOT, "{\"certificates\":%d,\"concurrency\":%d,\"nonceRejectPercent\":%d,"
                        + "\"failed\":%d,\"failuresByType\":%s,\"wallMillis\":%d,\"httpRequests\":%d,"
                        + "\"badNonceRetries\":%d,\"nonceRequests\":%d}%n",
                count, concurrency, rejectPercent, failures.sum(), causeJson, wall,
                after.httpRequests() - before.httpRequests(), after.badNonceRetries() - before.badNonceRetries(),
                after.nonceRequests() - before.nonceRequests());
        return failures.sum() == 0 ? 0 : 1;
    }
}
