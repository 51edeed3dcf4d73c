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
        try (CertificateManager first = CertificateManager.builder().client(firstClient).account(account)
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
        try (CertificateManager second = CertificateManager.builder().client(client(pebble, secondCa)).account(account)
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
