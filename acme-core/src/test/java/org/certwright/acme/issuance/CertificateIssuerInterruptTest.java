package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.AUTHORIZATION;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.FINALIZE;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.certwright.acme.Identifier;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interrupting the thread that called {@link CertificateIssuer#issue} while the flow waits. */
class CertificateIssuerInterruptTest extends IssuerTestSupport {

    private final AtomicReference<Throwable> thrown = new AtomicReference<>();
    private final AtomicBoolean interruptedAfterwards = new AtomicBoolean();
    private final AtomicInteger callsInProgressOnReturn = new AtomicInteger(-1);
    private Thread caller;

    @AfterEach
    void noCallerLeft() throws InterruptedException {
        if (caller != null && caller.isAlive()) {
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Runs the issuance on its own thread, to be interrupted, and notes how it ended. */
    private void startIssuing(IssuanceRequest request, FakeResponder responder) {
        caller = new Thread(() -> {
            try {
                issuer.issue(request);
            } catch (Throwable e) {
                thrown.set(e);
            } finally {
                callsInProgressOnReturn.set(responder.callsInProgress());
                interruptedAfterwards.set(Thread.currentThread().isInterrupted());
            }
        }, "issuing");
        caller.start();
    }

    private void interruptAndJoin() throws InterruptedException {
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(caller.isAlive()).as("the issuing thread ended after the interrupt").isFalse();
    }

    @Test
    void interruptedWhilePollingTheAuthorization() throws Exception {
        ca.holdValidation(); // the CA never finishes validating, so the flow keeps polling
        FakeResponder http = http01();
        startIssuing(request("example.com").responders(http).build(), http);
        server.awaitRequests(AUTHORIZATION, 2); // the authorization, then the first poll

        interruptAndJoin();

        assertThat(thrown.get()).isInstanceOf(AcmeInterruptedException.class);
        assertThat(interruptedAfterwards).as("the interrupt flag is set again").isTrue();
        assertThat(http.provisions()).singleElement().satisfies(p -> assertThat(p.closeCalls()).isOne());
        assertThat(internet.isEmpty()).isTrue();
        assertThat(server.count(FINALIZE)).isZero();
    }

    @Test
    void interruptedWhileAnotherIdentifierIsStillBeingProvisioned() throws Exception {
        CountDownLatch provisioningB = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        FakeResponder http = http01().holdingProvisioning(Identifier.dns("b.example"), provisioningB, releaseB);
        startIssuing(request("a.example", "b.example").responders(http).build(), http);
        assertThat(provisioningB.await(10, TimeUnit.SECONDS)).as("b.example is being provisioned").isTrue();

        interruptAndJoin();
        releaseB.countDown(); // had the flow left b's provisioning running, it would finish now
        awaitNoCallsInProgress(http);

        assertThat(thrown.get()).isInstanceOf(AcmeInterruptedException.class);
        assertThat(interruptedAfterwards).as("the interrupt flag is set again").isTrue();
        assertThat(callsInProgressOnReturn).as("responder calls still running when issue() returned").hasValue(0);
        assertAllClosedOnce(http);
        assertThat(internet.isEmpty()).as("nothing left published: " + internet).isTrue();
        assertThat(ca.answered()).isEmpty();
    }

    private static void awaitNoCallsInProgress(FakeResponder responder) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (responder.callsInProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
