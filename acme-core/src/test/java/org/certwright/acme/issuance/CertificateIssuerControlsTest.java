package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.problem.IssuanceDeadlineException;
import org.junit.jupiter.api.Test;

/** What an embedding application controls: a deadline for the whole issuance, and cancelling it. */
class CertificateIssuerControlsTest extends IssuerTestSupport {

    @Test
    void whenTheDeadlinePassesWhileAwaitingReadinessEverythingStopsAndIsCleanedUp() {
        FakeResponder http = http01().holdingReadiness(new CountDownLatch(2));

        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowable(() -> issuer.issue(
                request("a.example", "b.example").responders(http).readinessTimeout(Duration.ofHours(1))
                        .deadline(Duration.ofSeconds(1)).build())));

        assertThat(thrown).isInstanceOf(IssuanceDeadlineException.class).hasMessageContaining("PT1S");
        assertThat(((IssuanceDeadlineException) thrown).deadline()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Thread.currentThread().isInterrupted()).as("the deadline's interrupt is not left behind").isFalse();
        assertThat(http.provisions()).hasSize(2);
        assertAllClosedOnce(http);
        assertThat(http.callsInProgress()).isZero();
        assertThat(internet.isEmpty()).isTrue();
        assertThat(ca.answered()).isEmpty();
    }

    @Test
    void whenTheDeadlinePassesWhilePollingTheCaTheIssuanceStops() {
        ca.holdValidation();
        FakeResponder http = http01();

        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowable(() -> issuer.issue(
                request("example.com").responders(http).deadline(Duration.ofSeconds(1)).build())));

        assertThat(thrown).isInstanceOf(IssuanceDeadlineException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertAllClosedOnce(http);
        assertThat(internet.isEmpty()).isTrue();
    }

    @Test
    void anIssuanceWithinItsDeadlineIsNotDisturbed() throws Exception {
        IssuedCertificate issued = issuer.issue(request("example.com").responders(http01())
                .deadline(Duration.ofMinutes(5)).build());

        assertThat(issued.keyPair()).isPresent();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void cancellingAnAsyncIssuanceInterruptsItAndCleansUpOnce() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        CountDownLatch awaiting = new CountDownLatch(2);
        FakeResponder http = http01().holdingReadiness(awaiting);
        CertificateIssuer onPool = new CertificateIssuer(session, pool);

        CompletableFuture<IssuedCertificate> future = onPool.issueAsync(request("a.example", "b.example")
                .responders(http).readinessTimeout(Duration.ofHours(1)).build());
        assertThat(awaiting.await(10, TimeUnit.SECONDS)).as("both provisions are in awaitReady").isTrue();

        assertThat(future.cancel(true)).isTrue();

        assertThat(catchThrowable(future::get)).isInstanceOf(CancellationException.class);
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).as("no thread of the issuance remains").isTrue();
        assertThat(http.provisions()).hasSize(2);
        assertAllClosedOnce(http);
        assertThat(http.callsInProgress()).isZero();
        assertThat(internet.isEmpty()).isTrue();
        assertThat(ca.answered()).isEmpty();
    }

    @Test
    void anAsyncIssuanceCompletesWithTheCertificate() throws Exception {
        IssuedCertificate issued = issuer.issueAsync(request("example.com").responders(http01()).build())
                .get(20, TimeUnit.SECONDS);

        assertThat(issued.certificate().leaf()).isNotNull();
    }
}
