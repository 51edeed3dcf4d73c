package org.certwright.acme.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.challenges.HttpChallengeHandler;
import org.certwright.acme.challenges.SharedHttpChallengeStore;
import org.certwright.acme.challenges.StoreHttpResponder;
import org.certwright.acme.lifecycle.AttemptRecord;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.FailureBackoff;
import org.certwright.acme.lifecycle.JdbcCertificateStore;
import org.certwright.acme.lifecycle.ManagedAccount;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances of an application sharing one PostgreSQL behave as one: three managers (each
 * with its own client, sessions and store connection) manage the same 20 certificates against
 * Pebble and place exactly one order each; the CA's http-01 requests reach an HTTP server that
 * answers from the shared store, whichever manager ordered; and when the process holding a
 * certificate's lock is killed mid-issuance (kill -9), another instance finishes once the lease
 * ends, with the same account.
 */
@Pebble
@ExtendWith(PostgresExtension.class)
class ClusterIT {

    static final Duration WAIT = Duration.ofMinutes(3);
    static final ManagedAccount ACCOUNT = ManagedAccount.agreeingToTerms("mailto:cluster@example.com");

    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void threeManagersOnOnePostgresOrderEachCertificateOnceAndServeTheSameOne(PebbleServer pebble, PostgresServer postgres)
            throws Exception {
        String prefix = "cluster_" + Long.toString(System.nanoTime(), 36) + "_";
        serveHttp01(pebble, store(postgres.dataSource(), prefix));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("c" + i + "-" + Long.toString(System.nanoTime(), 36) + ".cluster.test");
        }
        List<CertificateManager> managers = new ArrayList<>();
        List<PostCounter> counters = new ArrayList<>();
        Failures failures = new Failures();
        for (int i = 0; i < 3; i++) {
            PostCounter counter = new PostCounter();
            counters.add(counter);
            CertificateStore store = store(postgres.dataSource(), prefix);
            CertificateManager.Builder b = CertificateManager.builder().ca(client(pebble, counter), ACCOUNT)
                    .store(store).owner("instance-" + i).listener(failures).workerThreads(4)
                    .pollInterval(Duration.ofSeconds(1)).leaseDuration(Duration.ofSeconds(20))
                    .failureBackoff(FailureBackoff.of(List.of(Duration.ofSeconds(1)), Duration.ofSeconds(2), 0));
            StoreHttpResponder http01 = new StoreHttpResponder(new SharedHttpChallengeStore(store));
            for (String name : names) {
                b.certificate(ManagedCertificate.builder().dns(name).responders(http01).build());
            }
            CertificateManager m = b.build();
            open.add(m);
            managers.add(m);
        }
        // All at once, as a cluster that is deployed: they race for the account and every lock.
        java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(managers.size());
        List<Thread> starting = new ArrayList<>();
        for (CertificateManager m : managers) {
            Thread t = new Thread(() -> {
                try {
                    go.await(30, TimeUnit.SECONDS);
                    m.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            starting.add(t);
        }
        for (Thread t : starting) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        for (String name : names) {
            CurrentCertificate first = managers.get(0).awaitValid(name, WAIT);
            for (CertificateManager m : managers.subList(1, 3)) {
                CurrentCertificate other = m.awaitValid(name, WAIT);
                assertThat(other.leaf()).as("every instance serves the same certificate for %s", name)
                        .isEqualTo(first.leaf());
                assertThat(other.keyPair().getPublic()).isEqualTo(first.keyPair().getPublic());
            }
        }
        AcmeClient any = client(pebble, new PostCounter());
        URI newOrder = any.directory().newOrder().orElseThrow();
        URI newAccount = any.directory().newAccount();
        assertThat(counters.stream().mapToInt(c -> c.posts(newOrder)).sum()).as("orders placed").isEqualTo(20);
        assertThat(counters.stream().mapToInt(c -> c.posts(newAccount)).sum()).as("accounts created").isEqualTo(1);
        assertThat(failures.attempts).as("no attempt failed, not even one that lost a race").isEmpty();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killingTheLockHolderMidIssuanceLetsAnotherInstanceFinishWithTheSameAccount(PebbleServer pebble,
                                                                                   PostgresServer postgres)
            throws Exception {
        String prefix = "kill_" + Long.toString(System.nanoTime(), 36) + "_";
        CertificateStore store = store(postgres.dataSource(), prefix);
        serveHttp01(pebble, store);
        String name = "killed-" + Long.toString(System.nanoTime(), 36) + ".cluster.test";
        Path trust = pebble.trustAnchorPem();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ClusterChild.class.getName(), Integer.toString(postgres.port()), prefix,
                pebble.directoryUrl().toString(), trust.toString(), name)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the child reached the CA's challenge").isEqualTo("provisioning " + name);
            assertThat(store.tryLock(StoreLayout.certificateLock(name), "probe", Duration.ofSeconds(5)))
                    .as("the child holds the certificate's lock").isEmpty();
        } finally {
            child.destroyForcibly(); // SIGKILL: no clean-up runs, the lease stays until it expires
            child.waitFor(30, TimeUnit.SECONDS);
        }

        PostCounter counter = new PostCounter();
        Failures failures = new Failures();
        CertificateManager survivor = CertificateManager.builder().ca(client(pebble, counter), ACCOUNT).store(store)
                .owner("survivor").listener(failures).pollInterval(Duration.ofSeconds(1))
                .certificate(ManagedCertificate.builder().dns(name)
                        .responders(new StoreHttpResponder(new SharedHttpChallengeStore(store))).build())
                .build();
        open.add(survivor);
        survivor.start();
        CurrentCertificate obtained = survivor.awaitValid(name, WAIT);
        assertThat(obtained.leaf().getSubjectAlternativeNames()).anyMatch(san -> san.get(1).equals(name));
        AcmeClient any = client(pebble, new PostCounter());
        assertThat(counter.posts(any.directory().newAccount())).as("the killed process's account is reused").isZero();
        assertThat(store.list(StoreLayout.ACCOUNTS)).as("one account key and its document").hasSize(2);
        assertThat(failures.attempts).isEmpty();
    }

    private void serveHttp01(PebbleServer pebble, CertificateStore store) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), pebble.httpPort()), 0);
        server.createContext("/", new HttpChallengeHandler(new SharedHttpChallengeStore(store)));
        server.start();
        open.add(() -> server.stop(0));
    }

    static CertificateStore store(DataSource dataSource, String prefix) throws StoreException {
        return JdbcCertificateStore.builder(dataSource).tablePrefix(prefix).open();
    }

    static AcmeClient client(PebbleServer pebble, AcmeEventListener listener) {
        return AcmeClient.builder(pebble.directoryUrl()).trustedCertificates(List.of(pebble.trustAnchor()))
                .userAgent("certwright-cluster-it/1").eventListener(listener).build();
    }

    /** Counts the POST requests per URL that the CA accepted. */
    static final class PostCounter implements AcmeEventListener {
        final Map<URI, AtomicInteger> posts = new ConcurrentHashMap<>();

        @Override
        public void responseReceived(String method, URI url, int status, Duration elapsed) {
            if (method.equals("POST") && status < 300) {
                posts.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
            }
        }

        int posts(URI url) {
            AtomicInteger n = posts.get(url);
            return n == null ? 0 : n.get();
        }
    }

    /** Records failed attempts, with their detail for the assertion's message. */
    static final class Failures implements CertificateManagerListener {
        final List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void attemptFailed(String name, AttemptRecord attempt, Exception failure) {
            attempts.add(name + ": " + Optional.ofNullable(failure.getMessage()).orElse(failure.toString()));
        }
    }
}
