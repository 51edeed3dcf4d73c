package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CertificateStatus;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.ManagedAccount;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.certwright.acme.lifecycle.RenewalReason;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate manager end to end against Pebble: it creates the account and obtains the
 * certificate, a restart on the same store serves it at once without a new order or account,
 * and a forced renewal produces a new certificate.
 */
@Pebble
class CertificateManagerIT {

    static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path storeDir;

    @Test
    void obtainsServesAfterRestartWithoutOrderingAndRenewsOnRequest(PebbleServer pebble) throws Exception {
        String name = PebbleFixtures.uniqueName("managed");
        ManagedCertificate managed = ManagedCertificate.builder().dns(name)
                .responders(PebbleFixtures.http01Responder(pebble)).build();
        ManagedAccount account = ManagedAccount.agreeingToTerms("mailto:it@example.com");

        CountingListener firstCa = new CountingListener();
        AcmeClient firstClient = client(pebble, firstCa);
        CurrentCertificate obtained;
        try (CertificateManager first = CertificateManager.builder().ca(firstClient, account)
                .store(FileCertificateStore.open(storeDir)).certificate(managed).build()) {
            first.start();
            obtained = first.awaitValid(name, WAIT);
            assertThat(obtained.leaf().getSubjectAlternativeNames()).anyMatch(san -> san.get(1).equals(name));
            CertificateStatus status = first.status().get(0);
            assertThat(status.issuingCa()).isPresent();
            assertThat(status.serial()).contains(obtained.leaf().getSerialNumber().toString(16));
        }
        URI newOrder = firstClient.directory().newOrder().orElseThrow();
        URI newAccount = firstClient.directory().newAccount();
        assertThat(firstCa.posts(newOrder)).isEqualTo(1);
        assertThat(firstCa.posts(newAccount)).isEqualTo(1);

        CountingListener secondCa = new CountingListener();
        CountDownLatch scheduled = new CountDownLatch(1);
        try (CertificateManager second = CertificateManager.builder().ca(client(pebble, secondCa), account)
                .store(FileCertificateStore.open(storeDir)).certificate(managed)
                .listener(new CertificateManagerListener() {
                    @Override
                    public void renewalScheduled(String n, Instant at, RenewalReason reason) {
                        scheduled.countDown();
                    }
                }).build()) {
            second.start();
            // Served at once, from the store.
            assertThat(second.current(name)).hasValueSatisfying(c -> assertThat(c.leaf()).isEqualTo(obtained.leaf()));
            assertThat(scheduled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(secondCa.posts(newOrder)).as("no order after a restart").isZero();
            assertThat(secondCa.posts(newAccount)).as("the stored account is reused").isZero();
            assertThat(second.status().get(0).renewalReason()).isPresent();

            CurrentCertificate renewed = second.renewNow(name).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(renewed.leaf().getSerialNumber()).isNotEqualTo(obtained.leaf().getSerialNumber());
            assertThat(renewed.keyPair().getPublic()).as("a new key by default").isNotEqualTo(
                    obtained.keyPair().getPublic());
            assertThat(second.current(name)).contains(renewed);
            assertThat(secondCa.posts(newOrder)).isEqualTo(1);
        }
    }

    /**
     * Renewal that becomes due by itself: a 6-day certificate from Pebble's {@code shortlived}
     * profile, and the manager's clock moved to just past the safety floor (1/20 of the lifetime
     * left), then back once the renewal is done.
     */
    @Test
    @Pebble(profiles = true)
    void renewsByItselfWhenTheRenewalTimeComes(PebbleServer pebble) throws Exception {
        String name = PebbleFixtures.uniqueName("auto");
        OffsetClock clock = new OffsetClock();
        CountDownLatch renewed = new CountDownLatch(1);
        AtomicInteger renewals = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (CertificateManager manager = CertificateManager.builder()
                .ca(client(pebble, new AcmeEventListener() { }), ManagedAccount.agreeingToTerms("mailto:it@example.com"))
                .store(FileCertificateStore.open(storeDir))
                .certificate(ManagedCertificate.builder().dns(name).profile("shortlived")
                        .responders(PebbleFixtures.http01Responder(pebble)).build())
                .clock(clock)
                .pollInterval(Duration.ofSeconds(1))
                .listener(new CertificateManagerListener() {
                    @Override
                    public void renewed(String n, CurrentCertificate previous, CurrentCertificate fresh) {
                        clock.offset = Duration.ZERO;
                        renewals.incrementAndGet();
                        renewed.countDown();
                    }

                    @Override
                    public void attemptFailed(String n, org.certwright.acme.lifecycle.AttemptRecord attempt,
                                              Exception failure) {
                        failures.incrementAndGet();
                    }
                })
                .build()) {
            manager.start();
            CurrentCertificate first = manager.awaitValid(name, WAIT);
            Duration lifetime = Duration.between(first.leaf().getNotBefore().toInstant(), first.notAfter());
            assertThat(lifetime).isLessThanOrEqualTo(Duration.ofDays(7));

            clock.offset = Duration.between(clock.base.instant(), first.leaf().getNotBefore().toInstant())
                    .plus(lifetime.multipliedBy(97).dividedBy(100));
            assertThat(renewed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CurrentCertificate second = manager.current(name).orElseThrow();
            assertThat(second.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
            Thread.sleep(3_000); // a few more passes: the new certificate is not due
            assertThat(renewals).hasValue(1);
            assertThat(failures).hasValue(0);
            assertThat(manager.status().get(0).nextRenewal().orElseThrow()).isAfter(Instant.now());
        }
    }

    /** The system clock, moved by an offset the test sets. */
    static final class OffsetClock extends java.time.Clock {
        final java.time.Clock base = java.time.Clock.systemUTC();
        volatile Duration offset = Duration.ZERO;

        @Override
        public Instant instant() {
            return base.instant().plus(offset);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static AcmeClient client(PebbleServer pebble, AcmeEventListener listener) {
        return AcmeClient.builder(pebble.directoryUrl()).trustedCertificates(List.of(pebble.trustAnchor()))
                .userAgent("certwright-it/1").eventListener(listener).build();
    }

    /** Counts the POST requests per URL that reached the CA. */
    static final class CountingListener implements AcmeEventListener {
        final java.util.Map<URI, AtomicInteger> posts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void responseReceived(String method, URI url, int status, Duration elapsed) {
            if (method.equals("POST") && status < 300) { // a badNonce answer is retried: count the request once
                posts.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
            }
        }

        int posts(URI url) {
            AtomicInteger n = posts.get(url);
            return n == null ? 0 : n.get();
        }
    }
}
