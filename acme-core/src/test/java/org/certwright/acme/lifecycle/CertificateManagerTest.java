package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.Certificate;
import org.certwright.acme.CertificateId;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's scheduling, backoff, persistence and locking, with a fake CA behind the
 * {@link CertificateSource} seam and a simulated clock. Each maintenance pass is run with
 * {@code maintainNow}, so nothing waits for the timer.
 */
class CertificateManagerTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(90);
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final SimClock clock = new SimClock(T0);
    final List<CertificateManager> managers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        managers.forEach(CertificateManager::close);
    }

    // ---- obtaining, serving, restarting

    @Test
    void startDoesNotBlockAndTheMissingCertificateIsObtainedInTheBackground() throws Exception {
        FakeSource ca = new FakeSource();
        CountDownLatch release = new CountDownLatch(1);
        ca.beforeIssue = release::await;
        Events events = new Events();
        CertificateManager m = manager(ca, events);

        assertTimeoutPreemptively(WAIT, m::start);
        assertThat(m.current("example.com")).isEmpty();

        release.countDown();
        CurrentCertificate c = m.awaitValid("example.com", WAIT);
        settle(m);

        assertThat(ca.issued).hasValue(1);
        assertThat(events.log).contains("obtained example.com");
        FileCertificateStore store = store();
        assertThat(store.read(StoreLayout.certificateChain("example.com"))).isPresent();
        assertThat(store.read(StoreLayout.certificateKey("example.com"))).isPresent();
        String meta = new String(store.read(StoreLayout.certificateMetadata("example.com")).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(meta).contains("\"issuingCa\":\"fake-ca\"").contains("\"succeeded\":true");
        CertificateStatus status = m.status().get(0);
        assertThat(status.serial()).contains(c.leaf().getSerialNumber().toString(16));
        assertThat(status.issuingCa()).contains("fake-ca");
        assertThat(status.nextRenewal()).contains(T0.plus(LIFETIME.multipliedBy(2).dividedBy(3)));
        assertThat(status.renewalReason()).contains(RenewalReason.LIFETIME_RATIO);
        assertThat(events.log).contains("scheduled example.com LIFETIME_RATIO");
    }

    @Test
    void aRestartServesTheStoredCertificateAtOnceWithoutOrdering() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager first = manager(ca, new Events());
        first.start();
        CurrentCertificate obtained = first.awaitValid("example.com", WAIT);
        settle(first);
        first.close();

        FakeSource second = new FakeSource();
        CertificateManager again = manager(second, new Events());
        again.start();
        assertThat(again.current("example.com")).hasValueSatisfying(c -> {
            assertThat(c.leaf()).isEqualTo(obtained.leaf());
            assertThat(c.keyPair().getPublic()).isEqualTo(obtained.keyPair().getPublic());
        });
        settle(again);
        assertThat(second.issued).hasValue(0);
    }

    @Test
    void unreadableMetadataDoesNotStopTheStoredCertificateFromBeingServed() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager first = manager(ca, new Events());
        first.start();
        CurrentCertificate obtained = first.awaitValid("example.com", WAIT);
        settle(first);
        first.close();
        store().write(StoreLayout.certificateMetadata("example.com"), "{\"version\":99}".getBytes(StandardCharsets.UTF_8));

        CertificateManager again = manager(ca, new Events());
        again.start();
        assertThat(again.current("example.com")).hasValueSatisfying(c -> assertThat(c.leaf()).isEqualTo(obtained.leaf()));
        settle(again);
        assertThat(again.status().get(0).nextRenewal()).isPresent();
        assertThat(ca.issued).hasValue(1);
    }

    @Test
    void metadataSurvivesAWriteAndReadAndABadDocumentIsATypedError() throws Exception {
        AriState ari = AriState.of(T0, T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofHours(6)),
                Optional.of(URI.create("https://ca.test/why")));
        ManagedCertificateMetadata m = ManagedCertificateMetadata.EMPTY
                .failed(BackoffState.of(2, T0.plus(Duration.ofMinutes(3))), new AttemptRecord(T0, false, "ca",
                        Optional.of("urn:ietf:params:acme:error:rateLimited"), Optional.of("slow down"),
                        Optional.of("dns-01")), 5)
                .withAri(Optional.of(ari))
                .withWarnings(ExpiryWarningState.of(T0.plus(LIFETIME), java.util.Set.of(Duration.ofDays(7))));
        ManagedCertificateMetadata back = ManagedCertificateMetadata.fromJson("x", m.toJson());
        assertThat(back.ari()).contains(ari);
        assertThat(back.backoff()).isEqualTo(m.backoff());
        assertThat(back.warnings()).isEqualTo(m.warnings());
        assertThat(back.attempts()).isEqualTo(m.attempts());
        assertThat(back.lastError()).contains(m.attempts().get(0));

        assertThatThrownBy(() -> ManagedCertificateMetadata.fromJson("certificates/a/metadata.json",
                "{\"version\":1,\"ari\":{\"windowStart\":\"soon\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StoreException.class).hasMessageContaining("certificates/a/metadata.json")
                .hasMessageContaining("windowStart");
    }

    @Test
    void aCertificateIsRenewedWhenAThirdOfItsLifetimeRemainsWithANewKey() throws Exception {
        FakeSource ca = new FakeSource();
        Events events = new Events();
        CertificateManager m = manager(ca, events);
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);
        settle(m);

        clock.set(T0.plus(LIFETIME.multipliedBy(2).dividedBy(3)).minusSeconds(1));
        settle(m);
        assertThat(ca.issued).hasValue(1);

        clock.set(T0.plus(LIFETIME.multipliedBy(2).dividedBy(3)));
        settle(m);
        assertThat(ca.issued).hasValue(2);
        CurrentCertificate renewed = m.current("example.com").orElseThrow();
        assertThat(renewed.leaf()).isNotEqualTo(first.leaf());
        assertThat(renewed.keyPair().getPublic()).isNotEqualTo(first.keyPair().getPublic());
        assertThat(events.log).contains("renewed example.com");
        assertThat(ca.requests.get(1).order().replaces()).as("no ARI, no replaces").isEmpty();
    }

    @Test
    void reuseKeyOnRenewalKeepsTheKey() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager m = manager(ca, new Events(),
                ManagedCertificate.builder().dns("example.com").reuseKeyOnRenewal(true).build());
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);
        settle(m);
        m.renewNow("example.com").get(20, TimeUnit.SECONDS);
        assertThat(m.current("example.com").orElseThrow().keyPair().getPublic())
                .isEqualTo(first.keyPair().getPublic());
        assertThat(ca.requests.get(1).domainKey()).isPresent();
    }

    // ---- ARI

    @Test
    void anAriWindowInThePastRenewsAtOnceWithReplacesAndRetriesWithoutItWhenAlreadyReplaced() throws Exception {
        FakeSource ca = new FakeSource();
        ca.ari = true;
        CertificateManager m = manager(ca, new Events());
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);
        settle(m);
        assertThat(ca.issued).hasValue(1);
        assertThat(ca.ariFetches.get()).isGreaterThanOrEqualTo(1);
        String meta = new String(store().read(StoreLayout.certificateMetadata("example.com")).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(meta).as("the chosen ARI instant is persisted").contains("\"chosen\"");

        // The CA now plans to revoke: the window is in the past.
        java.util.function.Function<X509Certificate, Instant[]> normal = ca.window;
        ca.window = c -> c.equals(first.leaf()) ? new Instant[] {T0.minus(Duration.ofDays(2)),
                T0.minus(Duration.ofDays(1))} : normal.apply(c);
        clock.set(T0.plus(Duration.ofDays(2))); // the stored next ARI check has come
        ca.failures.add(ProblemException.of(Problem.of(ProblemType.ALREADY_REPLACED, "replaced already"),
                ProblemContext.of("POST", URI.create("https://ca.test/new-order"), 409)));
        settle(m);

        assertThat(ca.requests).hasSize(3);
        assertThat(ca.requests.get(1).order().replaces()).contains(CertificateId.of(first.leaf()));
        assertThat(ca.requests.get(2).order().replaces()).isEmpty();
        assertThat(m.current("example.com").orElseThrow().leaf()).isNotEqualTo(first.leaf());
    }

    @Test
    void aCaThatCannotResolveReplacesIsAskedAgainWithoutIt() throws Exception {
        // Pebble 2.10, now and then: 500 "could not find an order for the given certificate".
        FakeSource ca = new FakeSource();
        ca.ari = true;
        CertificateManager m = manager(ca, new Events());
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);
        settle(m);
        ca.failures.add(ProblemException.of(Problem.of(ProblemType.SERVER_INTERNAL,
                "could not find an order for the given certificate"),
                ProblemContext.of("POST", URI.create("https://ca.test/new-order"), 500)));

        CurrentCertificate renewed = m.renewNow("example.com").get(20, TimeUnit.SECONDS);

        assertThat(renewed.leaf()).isNotEqualTo(first.leaf());
        assertThat(ca.requests).hasSize(3);
        assertThat(ca.requests.get(1).order().replaces()).contains(CertificateId.of(first.leaf()));
        assertThat(ca.requests.get(2).order().replaces()).isEmpty();
    }

    @Test
    void theChosenAriInstantSurvivesARestart() throws Exception {
        FakeSource ca = new FakeSource();
        ca.ari = true;
        CertificateManager first = manager(ca, new Events());
        first.start();
        first.awaitValid("example.com", WAIT);
        settle(first);
        CertificateStatus before = first.status().get(0);
        assertThat(before.renewalReason()).contains(RenewalReason.ARI_WINDOW);
        first.close();

        CertificateManager again = managerWith(ca, b -> b.random(new SplittableRandom(12345)));
        again.start();
        settle(again);
        assertThat(again.status().get(0).nextRenewal()).isEqualTo(before.nextRenewal());
        assertThat(ca.issued).hasValue(1);
    }

    // ---- failures

    @Test
    void aFailureBacksOffObeysRetryAfterAndKeepsServingTheCertificateAcrossRestarts() throws Exception {
        FakeSource ca = new FakeSource();
        Events events = new Events();
        CertificateManager m = manager(ca, events);
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);
        settle(m);

        Instant due = T0.plus(LIFETIME.multipliedBy(2).dividedBy(3));
        clock.set(due);
        Instant retryAfter = due.plus(Duration.ofHours(20));
        ca.failures.add(ProblemException.of(Problem.of(ProblemType.RATE_LIMITED, "too many certificates"),
                new ProblemContext("POST", URI.create("https://ca.test/new-order"), 429, Optional.of(retryAfter),
                        List.of(), Optional.empty(), Optional.empty())));
        settle(m);

        assertThat(ca.issued).hasValue(1);
        assertThat(m.current("example.com").orElseThrow().leaf()).isEqualTo(first.leaf());
        assertThat(store().read(StoreLayout.certificateChain("example.com")).map(b -> new String(b,
                StandardCharsets.US_ASCII))).isPresent();
        CertificateStatus s = m.status().get(0);
        assertThat(s.backoffUntil()).contains(retryAfter);
        assertThat(s.lastError()).hasValueSatisfying(a -> {
            assertThat(a.problemType()).contains(ProblemType.RATE_LIMITED.uri().toString());
            assertThat(a.detail().orElseThrow()).contains("too many certificates");
            assertThat(a.challengeType()).contains("http-01");
        });
        assertThat(events.log).contains("failed example.com", "backoff example.com " + retryAfter);

        clock.set(retryAfter.minusSeconds(1));
        settle(m);
        assertThat(ca.requests).as("no attempt before Retry-After").hasSize(2);
        m.close();

        FakeSource afterRestart = new FakeSource();
        CertificateManager restarted = manager(afterRestart, new Events());
        restarted.start();
        settle(restarted);
        assertThat(afterRestart.requests).as("the backoff survives a restart").isEmpty();
        assertThat(restarted.current("example.com").orElseThrow().leaf()).isEqualTo(first.leaf());

        clock.set(retryAfter);
        settle(restarted);
        assertThat(afterRestart.issued).hasValue(1);
        assertThat(restarted.status().get(0).backoffUntil()).isEmpty();
    }

    @Test
    void expiryWarningsAreRaisedOnceAndRemembered() throws Exception {
        FakeSource ca = new FakeSource();
        Events events = new Events();
        CertificateManager m = manager(ca, events);
        m.start();
        m.awaitValid("example.com", WAIT);
        settle(m);
        ca.failAlways = true;
        clock.set(T0.plus(LIFETIME).minus(Duration.ofHours(12)));
        settle(m);
        assertThat(events.log).contains("expiring example.com PT168H", "expiring example.com PT24H");
        m.close();

        Events later = new Events();
        CertificateManager restarted = manager(ca, later);
        restarted.start();
        settle(restarted);
        assertThat(later.log).noneMatch(s -> s.startsWith("expiring"));
    }

    @Test
    void aShortLivedCertificateThatIsRenewedInTimeRaisesNoExpiryWarning() throws Exception {
        FakeSource ca = new FakeSource();
        ca.lifetime = Duration.ofDays(6);
        Events events = new Events();
        CertificateManager m = manager(ca, events);
        m.start();
        m.awaitValid("example.com", WAIT);
        settle(m);
        clock.set(T0.plus(Duration.ofDays(3))); // half the lifetime: due, and renewed at once
        settle(m);
        assertThat(ca.issued).hasValue(2);
        assertThat(events.log).noneMatch(s -> s.startsWith("expiring"));
    }

    @Test
    void aThrowingListenerIsIgnored() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager m = managerWith(ca, b -> b.listener(new CertificateManagerListener() {
            @Override
            public void obtained(String name, CurrentCertificate certificate) {
                throw new IllegalStateException("listener bug");
            }
        }));
        m.start();
        assertThat(m.awaitValid("example.com", WAIT)).isNotNull();
        settle(m);
        assertThat(ca.issued).hasValue(1);
    }

    // ---- several instances on one store

    @Test
    void aManagerThatCannotGetTheLockDoesNotOrderAndPicksUpTheOtherInstancesCertificate() throws Exception {
        FileCertificateStore shared = store();
        StoreLease held = shared.tryLock(StoreLayout.certificateLock("example.com"), "other-instance",
                Duration.ofMinutes(10)).orElseThrow();
        FakeSource ca = new FakeSource();
        Events events = new Events();
        CertificateManager m = manager(ca, events);
        m.start();
        settle(m);
        assertThat(ca.requests).isEmpty();
        assertThat(m.current("example.com")).isEmpty();

        // The other instance finishes: it writes the certificate under its lease and lets go.
        KeyPair key = KeyType.EC_P256.generate();
        X509Certificate leaf = certificate(key, T0, T0.plus(LIFETIME));
        shared.write(StoreLayout.certificateKey("example.com"),
                org.certwright.acme.crypto.Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                held);
        shared.write(StoreLayout.certificateChain("example.com"),
                org.certwright.acme.crypto.Pem.encodeCertificates(List.of(leaf)).getBytes(StandardCharsets.US_ASCII),
                held);
        shared.release(held);

        settle(m);
        assertThat(m.current("example.com").orElseThrow().leaf()).isEqualTo(leaf);
        assertThat(ca.requests).isEmpty();
        assertThat(events.log).contains("updated example.com");
    }

    @Test
    void renewalStateLearntAboutAnOlderCertificateNeverOverwritesAnotherInstancesNewOne() throws Exception {
        FakeSource ca = new FakeSource();
        ca.ari = true;
        CertificateManager m = manager(ca, new Events());
        m.start();
        m.awaitValid("example.com", WAIT);
        settle(m);
        // While this manager asks the CA about its certificate, another instance renews it.
        FileCertificateStore shared = store();
        KeyPair key = KeyType.EC_P256.generate();
        X509Certificate renewedElsewhere = certificate(key, T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(92)));
        AtomicBoolean once = new AtomicBoolean();
        ca.beforeAri = () -> {
            if (!once.compareAndSet(false, true)) {
                return;
            }
            try {
                StoreLease held = shared.tryLock(StoreLayout.certificateLock("example.com"), "other", Duration.ofMinutes(1))
                        .orElseThrow();
                shared.write(StoreLayout.certificateKey("example.com"), org.certwright.acme.crypto.Pem.encodePrivateKey(
                        key.getPrivate()).getBytes(StandardCharsets.US_ASCII), held);
                shared.write(StoreLayout.certificateChain("example.com"), org.certwright.acme.crypto.Pem
                        .encodeCertificates(List.of(renewedElsewhere)).getBytes(StandardCharsets.US_ASCII), held);
                shared.write(StoreLayout.certificateMetadata("example.com"), ManagedCertificateMetadata.EMPTY.succeeded(
                        "other-instance", new AttemptRecord(T0.plus(Duration.ofDays(2)), true, "other-instance",
                                Optional.empty(), Optional.empty(), Optional.of("http-01")), 5).toJson(), held);
                shared.release(held);
            } catch (StoreException e) {
                throw new IllegalStateException(e);
            }
        };
        clock.set(T0.plus(Duration.ofDays(2))); // the stored next ARI check has come
        settle(m);

        String meta = new String(shared.read(StoreLayout.certificateMetadata("example.com")).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(meta).as("the other instance's metadata stays").contains("\"issuingCa\":\"other-instance\"");
        assertThat(m.current("example.com").orElseThrow().leaf()).isEqualTo(renewedElsewhere);
        assertThat(ca.issued).as("no order for a certificate just renewed elsewhere").hasValue(1);
    }

    @Test
    void twoManagersOnOneStoreOrderOnce() throws Exception {
        FakeSource ca = new FakeSource();
        CountDownLatch release = new CountDownLatch(1);
        ca.beforeIssue = release::await;
        CertificateManager a = manager(ca, new Events());
        CertificateManager b = manager(ca, new Events());
        a.start();
        b.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ca.requests.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        release.countDown();
        // Whichever got the lock has the certificate once its issuance is done (that runs beside
        // the maintenance pass, so wait for the certificate, not for a pass). The other reads the
        // store on its next pass, which the poll interval would bring; here it is asked for.
        CurrentCertificate fromA = awaitEither(a, b);
        settle(a);
        settle(b);
        CurrentCertificate fromB = b.awaitValid("example.com", WAIT);
        assertThat(a.awaitValid("example.com", WAIT).leaf()).isEqualTo(fromA.leaf());
        assertThat(fromB.leaf()).isEqualTo(fromA.leaf());
        assertThat(ca.requests).hasSize(1);
        assertThat(ca.issued).hasValue(1);
    }

    @Test
    void theLeaseIsRenewedWhileAnIssuanceRunsSoThatNoOneElseOrders() throws Exception {
        Clock real = Clock.systemUTC();
        clock.set(real.instant()); // the fake CA dates its certificates by the simulated clock
        FileCertificateStore shared = FileCertificateStore.open(dir, real);
        FakeSource ca = new FakeSource();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ca.beforeIssue = () -> {
            started.countDown();
            release.await();
        };
        CertificateManager m = CertificateManager.builder().source(ca).store(shared).clock(real)
                .certificate(ManagedCertificate.builder().dns("example.com").build())
                .leaseDuration(Duration.ofSeconds(6)).issuanceDeadline(Duration.ofMinutes(1))
                .pollInterval(Duration.ofHours(1)).build();
        managers.add(m);
        m.start();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(7_500); // past the first lease's expiry; renewals come every 2 s
        assertThat(shared.tryLock(StoreLayout.certificateLock("example.com"), "other", Duration.ofSeconds(3)))
                .as("the issuing manager still holds the lock").isEmpty();
        release.countDown();
        assertThat(m.awaitValid("example.com", WAIT)).isNotNull();
        assertThat(shared.read(StoreLayout.certificateChain("example.com"))).isPresent();
    }

    // ---- threads and close

    @Test
    void closeInterruptsAnIssuanceInFlightAndLeavesNoThread() throws Exception {
        FakeSource ca = new FakeSource();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        ca.beforeIssue = () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // an issuance that would never end
            } finally {
                cleanedUp.set(true);
            }
        };
        CertificateManager m = manager(ca, new Events());
        m.start();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        assertTimeoutPreemptively(WAIT, m::close);
        assertThat(cleanedUp).isTrue();
        assertThat(managerThreads()).isEmpty();
        assertThatThrownBy(() -> m.awaitValid("example.com", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        // The lease was released: another manager can take the lock at once.
        assertThat(store().tryLock(StoreLayout.certificateLock("example.com"), "x", Duration.ofMinutes(1))).isPresent();
    }

    @Test
    void manyCertificatesShareAFewThreads() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager.Builder b = CertificateManager.builder().source(ca).store(store()).clock(clock)
                .pollInterval(Duration.ofHours(1)).workerThreads(2);
        for (int i = 0; i < 200; i++) {
            b.certificate(ManagedCertificate.builder().dns("host" + i + ".example.com").build());
        }
        CertificateManager m = b.build();
        managers.add(m);
        m.start();
        for (int i = 0; i < 200; i++) {
            m.awaitValid("host" + i + ".example.com", WAIT);
        }
        assertThat(managerThreads()).hasSizeLessThanOrEqualTo(3);
        m.close();
        assertThat(managerThreads()).isEmpty();
    }

    @Test
    void awaitValidTimesOutAndUnknownNamesAreRefused() throws Exception {
        FakeSource ca = new FakeSource();
        ca.failAlways = true;
        CertificateManager m = manager(ca, new Events());
        m.start();
        assertThatThrownBy(() -> m.awaitValid("example.com", Duration.ofMillis(200)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("example.com");
        assertThatThrownBy(() -> m.current("other.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other.example");
        assertThatThrownBy(() -> CertificateManager.builder().source(ca).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
    }

    @Test
    void aForcedRenewalThatFailsCompletesItsFutureWithTheFailure() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager m = manager(ca, new Events());
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);
        settle(m);
        ca.failAlways = true;
        assertThatThrownBy(() -> m.renewNow("example.com").get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AcmeException.class);
        assertThat(m.current("example.com").orElseThrow().leaf()).isEqualTo(first.leaf());
    }

    @Test
    void listenersHearOfACertificateBeforeAwaitValidReturnsIt() throws Exception {
        AtomicBoolean heard = new AtomicBoolean();
        CertificateManager m = managerWith(new FakeSource(), b -> b.listener(new CertificateManagerListener() {
            @Override
            public void updated(String name, CurrentCertificate certificate) {
                try {
                    Thread.sleep(300); // a server reloading its TLS configuration
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                heard.set(true);
            }
        }));
        m.start();
        m.awaitValid("example.com", WAIT);
        assertThat(heard).as("a caller that waited can rely on its server serving the certificate").isTrue();
    }

    // ---- several CAs

    @Test
    void aCaThatKeepsFailingIsLeftForTheNextAndOnlyTheIssuingCaIsAskedForAri() throws Exception {
        FakeSource primary = new FakeSource("primary");
        primary.failAlways = true;
        primary.ari = true;
        FakeSource backup = new FakeSource("backup");
        backup.ari = true;
        Events events = new Events();
        CertificateManager m = managerWith(primary, b -> b.source(backup).listener(events));
        m.start();
        for (int attempt = 1; attempt <= 3; attempt++) {
            settle(m);
            assertThat(primary.requests).as("attempt %d goes to the preferred CA", attempt).hasSize(attempt);
            assertThat(backup.requests).isEmpty();
            clock.set(clock.instant().plus(Duration.ofMinutes(15)));
        }
        settle(m);

        assertThat(backup.issued).as("the third failure in a row moves on").hasValue(1);
        assertThat(primary.requests).hasSize(3);
        assertThat(events.log).contains("fallback example.com primary backup");
        CurrentCertificate fromBackup = m.awaitValid("example.com", WAIT);
        assertThat(m.status().get(0).issuingCa()).contains("backup");
        assertThat(m.caIds()).containsExactly("primary", "backup");

        // Renewal: ARI is asked of the CA that issued the certificate, never of the other one.
        assertThat(backup.ariFetches.get()).isPositive();
        assertThat(primary.ariFetches).hasValue(0);
        Instant windowStart = fromBackup.leaf().getNotBefore().toInstant().plus(Duration.ofDays(62));
        clock.set(windowStart);
        settle(m);
        assertThat(primary.requests).as("a renewal starts with the preferred CA again").hasSize(4);
        assertThat(primary.requests.get(3).order().replaces()).as("'replaces' only goes to the issuing CA").isEmpty();
        assertThat(m.current("example.com").orElseThrow().leaf()).isEqualTo(fromBackup.leaf());
    }

    @Test
    void aRateLimitMovesToTheNextCaAtOnceWithoutWaitingForItsRetryAfter() throws Exception {
        FakeSource primary = new FakeSource("primary");
        Instant retryAfter = T0.plus(Duration.ofDays(1));
        primary.failures.add(ProblemException.of(Problem.of(ProblemType.RATE_LIMITED, "too many new orders"),
                new ProblemContext("POST", URI.create("https://ca.test/new-order"), 429, Optional.of(retryAfter),
                        List.of(), Optional.empty(), Optional.empty())));
        FakeSource backup = new FakeSource("backup");
        Events events = new Events();
        CertificateManager m = managerWith(primary, b -> b.source(backup).listener(events));
        m.start();
        settle(m);
        assertThat(backup.requests).as("not before the first backoff step").isEmpty();
        assertThat(m.status().get(0).nextRenewal()).as("the next attempt is planned one step later, not at the Retry-After")
                .hasValueSatisfying(t -> assertThat(t).isBefore(T0.plus(Duration.ofMinutes(2))));

        clock.set(T0.plus(Duration.ofMinutes(2)));
        settle(m);
        assertThat(backup.issued).hasValue(1);
        assertThat(events.log).contains("fallback example.com primary backup");
        assertThat(primary.requests).hasSize(1);
    }

    @Test
    void theSameCaIsGivenTwiceOrFallbackIsCountedBeyondTheHistoryIsRefused() {
        assertThatThrownBy(() -> CertificateManager.builder().store(store()).source(new FakeSource("a"))
                .source(new FakeSource("a")).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the CA a is given twice");
        assertThatThrownBy(() -> CertificateManager.builder().store(store()).source(new FakeSource("a"))
                .attemptHistory(2).failuresBeforeFallback(3).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("attemptHistory");
        assertThatThrownBy(() -> CertificateManager.builder().store(store()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a CA");
        assertThatThrownBy(() -> CertificateManager.builder().source(new FakeSource("a")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a store");
    }

    // ---- adding and removing at run time

    @Test
    void certificatesAreAddedAndRemovedWhileTheManagerRuns() throws Exception {
        FakeSource ca = new FakeSource();
        Events events = new Events();
        CertificateManager m = manager(ca, events);
        m.start();
        CurrentCertificate first = m.awaitValid("example.com", WAIT);

        m.add(ManagedCertificate.builder().dns("api.example.com").build());
        CurrentCertificate added = m.awaitValid("api.example.com", WAIT);
        assertThat(added.leaf()).isNotEqualTo(first.leaf());
        assertThatThrownBy(() -> m.add(ManagedCertificate.builder().dns("api.example.com").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already managed");
        assertThat(m.certificates()).extracting(ManagedCertificate::name).containsExactly("example.com", "api.example.com");

        assertThat(m.remove("example.com")).isTrue();
        assertThat(m.remove("example.com")).isFalse();
        assertThat(events.log).contains("removed example.com");
        assertThatThrownBy(() -> m.current("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.status()).extracting(CertificateStatus::name).containsExactly("api.example.com");
        assertThat(store().read(StoreLayout.certificateChain("example.com"))).as("the store keeps it").isPresent();

        int before = ca.issued.get();
        m.add(ManagedCertificate.builder().dns("example.com").build());
        assertThat(m.current("example.com")).as("served from the store at once").hasValueSatisfying(
                c -> assertThat(c.leaf()).isEqualTo(first.leaf()));
        settle(m);
        assertThat(ca.issued).as("no new order for a stored certificate").hasValue(before);
    }

    @Test
    void removingACertificateAbandonsItsIssuanceInFlightAndEndsItsWaiters() throws Exception {
        FakeSource ca = new FakeSource();
        CountDownLatch issuing = new CountDownLatch(1);
        ca.beforeIssue = () -> {
            issuing.countDown();
            new CountDownLatch(1).await(); // until interrupted
        };
        CertificateManager m = manager(ca, new Events());
        m.start();
        AtomicReference<Throwable> waiter = new AtomicReference<>();
        Thread waiting = new Thread(() -> {
            try {
                m.awaitValid("example.com", WAIT);
            } catch (Throwable t) {
                waiter.set(t);
            }
        });
        waiting.start();
        assertThat(issuing.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(m.remove("example.com")).isTrue();
        waiting.join(WAIT.toMillis());
        assertThat(waiter.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer managed");
        assertTimeoutPreemptively(WAIT, () -> {
            while (store().tryLock(StoreLayout.certificateLock("example.com"), "probe", Duration.ofSeconds(5)).isEmpty()) {
                Thread.sleep(10); // the abandoned attempt releases the lock
            }
        });
        assertThat(store().read(StoreLayout.certificateChain("example.com"))).isEmpty();
        assertThat(ca.issued).hasValue(0);
    }

    // ---- a crash between writes

    @Test
    void aKeyWithoutItsChainLeftByACrashIsNotServedAndTheCertificateIsOrderedAgain() throws Exception {
        FakeSource ca = new FakeSource();
        CertificateManager first = manager(ca, new Events());
        first.start();
        first.awaitValid("example.com", WAIT);
        settle(first);
        first.close();
        // A renewal that wrote the new key and crashed before the chain: the pair no longer matches.
        FileCertificateStore store = store();
        StoreLease crashed = store.tryLock(StoreLayout.certificateLock("example.com"), "crashed", Duration.ofSeconds(3))
                .orElseThrow();
        store.write(StoreLayout.certificateKey("example.com"), org.certwright.acme.crypto.Pem.encodePrivateKey(
                KeyType.EC_P256.generate().getPrivate()).getBytes(StandardCharsets.US_ASCII), crashed);
        clock.set(clock.instant().plus(Duration.ofSeconds(4))); // the crashed holder's lease expires

        FakeSource afterCrash = new FakeSource();
        CertificateManager restarted = manager(afterCrash, new Events());
        restarted.start();
        assertThat(restarted.current("example.com")).as("a key and chain that do not match are not served").isEmpty();
        CurrentCertificate fresh = restarted.awaitValid("example.com", WAIT);
        assertThat(afterCrash.issued).hasValue(1);
        assertThat(fresh.leaf().getPublicKey()).isEqualTo(fresh.keyPair().getPublic());
    }

    // ---- helpers

    private CertificateManager manager(FakeSource ca, Events events, ManagedCertificate... certs) throws Exception {
        return managerWith(ca, b -> {
            b.listener(events);
            if (certs.length > 0) {
                b.certificate(certs);
            }
        }, certs.length == 0);
    }

    private CertificateManager managerWith(FakeSource ca, java.util.function.Consumer<CertificateManager.Builder> more)
            throws Exception {
        return managerWith(ca, more, true);
    }

    private CertificateManager managerWith(FakeSource ca, java.util.function.Consumer<CertificateManager.Builder> more,
                                           boolean defaultCertificate) throws Exception {
        CertificateManager.Builder b = CertificateManager.builder().source(ca).store(store()).clock(clock)
                .random(new SplittableRandom(7)).pollInterval(Duration.ofHours(1));
        if (defaultCertificate) {
            b.certificate(ManagedCertificate.builder().dns("example.com").build());
        }
        more.accept(b);
        CertificateManager m = b.build();
        managers.add(m);
        return m;
    }

    private FileCertificateStore store() throws StoreException {
        return FileCertificateStore.open(dir, clock);
    }

    /** Runs maintenance passes until a pass changes nothing the test could observe. */
    /** The certificate of whichever of two managers gets one first. */
    private static CurrentCertificate awaitEither(CertificateManager a, CertificateManager b) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (CertificateManager m : List.of(a, b)) {
                Optional<CurrentCertificate> c = m.current("example.com");
                if (c.isPresent()) {
                    return c.get();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("neither manager obtained example.com within " + WAIT);
    }

    private static void settle(CertificateManager m) throws Exception {
        for (String name : m.certificates().stream().map(ManagedCertificate::name).toList()) {
            m.maintainNow(name).get(20, TimeUnit.SECONDS);
            m.maintainNow(name).get(20, TimeUnit.SECONDS);
        }
    }

    private static List<String> managerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("certwright-manager")).toList();
    }

    static X509Certificate certificate(KeyPair key, Instant notBefore, Instant notAfter) {
        try {
            KeyPair issuer = KeyType.EC_P256.generate();
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    new X500Name("CN=Fake CA"), BigInteger.valueOf(System.nanoTime()), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=example.com"), key.getPublic())
                    .addExtension(org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier, false,
                            new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                                    .createAuthorityKeyIdentifier(issuer.getPublic()))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Step {
        void run() throws InterruptedException;
    }

    /** A CA that issues at once, with the clock's time as notBefore, or fails as scripted. */
    final class FakeSource implements CertificateSource {
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger ariFetches = new AtomicInteger();
        final List<IssuanceRequest> requests = new CopyOnWriteArrayList<>();
        final List<AcmeException> failures = new CopyOnWriteArrayList<>();
        volatile boolean failAlways;
        volatile boolean ari;
        volatile Duration lifetime = LIFETIME;
        volatile java.util.function.Function<X509Certificate, Instant[]> window = c -> new Instant[] {
                c.getNotBefore().toInstant().plus(Duration.ofDays(60)),
                c.getNotBefore().toInstant().plus(Duration.ofDays(62))};
        volatile Step beforeIssue = () -> { };
        volatile Runnable beforeAri = () -> { };
        final String id;

        FakeSource() {
            this("fake-ca");
        }

        FakeSource(String id) {
            this.id = id;
        }

        @Override
        public String caId() {
            return id;
        }

        @Override
        public boolean supportsRenewalInfo() {
            return ari;
        }

        @Override
        public RenewalInfo renewalInfo(X509Certificate certificate) {
            beforeAri.run();
            ariFetches.incrementAndGet();
            Instant[] w = window.apply(certificate);
            return RenewalInfo.builder(CertificateId.of(certificate), w[0], w[1])
                    .retryAfter(clock.instant().plus(Duration.ofHours(6))).build();
        }

        @Override
        public IssuedCertificate issue(IssuanceRequest request) throws AcmeException {
            requests.add(request);
            try {
                beforeIssue.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException(null, null, e);
            }
            if (!failures.isEmpty()) {
                request.listener().validationFailed(request.identifiers().get(0), "http-01",
                        org.certwright.acme.problem.ValidationFailedException.of(
                                Problem.of(ProblemType.UNAUTHORIZED, "wrong content"),
                                ProblemContext.of("POST", URI.create("https://ca.test/chall/1"), 200)));
                throw failures.remove(0);
            }
            if (failAlways) {
                throw new AcmeException("the fake CA is down");
            }
            KeyPair key = request.domainKey().orElseGet(() -> request.keyType().generate());
            Instant now = clock.instant();
            X509Certificate leaf = certificate(key, now, now.plus(lifetime));
            issued.incrementAndGet();
            return new IssuedCertificate(Certificate.builder(URI.create("https://ca.test/cert/" + issued.get()),
                    List.of(leaf)).build(), request.domainKey().isPresent() ? Optional.empty() : Optional.of(key));
        }
    }

    static final class Events implements CertificateManagerListener {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void obtained(String name, CurrentCertificate certificate) {
            log.add("obtained " + name);
        }

        @Override
        public void renewed(String name, CurrentCertificate previous, CurrentCertificate renewed) {
            log.add("renewed " + name);
        }

        @Override
        public void updated(String name, CurrentCertificate certificate) {
            log.add("updated " + name);
        }

        @Override
        public void renewalScheduled(String name, Instant at, RenewalReason reason) {
            log.add("scheduled " + name + " " + reason);
        }

        @Override
        public void attemptFailed(String name, AttemptRecord attempt, Exception failure) {
            log.add("failed " + name);
        }

        @Override
        public void backingOff(String name, Instant until, int consecutiveFailures) {
            log.add("backoff " + name + " " + until);
        }

        @Override
        public void expiringSoon(String name, Instant notAfter, Duration threshold) {
            log.add("expiring " + name + " " + threshold);
        }

        @Override
        public void caFallback(String name, String fromCa, String toCa) {
            log.add("fallback " + name + " " + fromCa + " " + toCa);
        }

        @Override
        public void removed(String name) {
            log.add("removed " + name);
        }
    }

    static final class SimClock extends Clock {
        private volatile Instant now;

        SimClock(Instant start) {
            now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
