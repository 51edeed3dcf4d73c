package org.certwright.acme.challenge;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.certwright.acme.problem.AcmeException;

/**
 * What a {@link ChallengeResponder} provisioned for one challenge: the handle that removes it
 * again, and optionally a wait until the CA will be able to see it.
 */
@FunctionalInterface
public interface Provision extends AutoCloseable {

    /**
     * Waits until the CA can see what was provisioned, for example until a TXT record is
     * visible at the zone's authoritative servers. The flow calls this for all challenges of an
     * order together, before telling the CA to validate any of them. The default returns at once.
     *
     * <p>The wait should end early, with an
     * {@link org.certwright.acme.problem.AcmeInterruptedException}, if the thread is interrupted:
     * the issuance flow interrupts it when its deadline passes or it is cancelled.
     *
     * @param timeout the longest time to wait (already shortened to what is left of the issuance's
     *                deadline, if it has one)
     * @throws AcmeException if it is not visible within {@code timeout}
     */
    default void awaitReady(Duration timeout) throws AcmeException {
    }

    /**
     * A signal that the CA has looked: a stage that completes once the CA's validation request for
     * this provision arrived and was answered (an HTTP request for its file, a TLS handshake for its
     * name). RFC 8555 §7.5.1 asks a client that can see the validation not to poll before it has
     * seen it; the issuance flow looks at the order a few milliseconds after every answered
     * challenge of an order has signalled, so that a CA that validates at once is seen at once and
     * one that takes seconds is not polled meanwhile.
     *
     * <p>The signal is a hint, never a verdict: the flow still asks the CA, and falls back to its
     * timer when the signal does not come (the CA could not connect, or was answered by another
     * server). A CA that validates from several places (multi-perspective validation) sends several
     * requests; the stage completes with the first one answered, after which the flow waits a short
     * settle delay and looks once, then polls on its schedule if the CA has not decided yet.
     *
     * <p>The default is empty: the provision cannot tell (a DNS record set through a provider's API,
     * a file in a webroot that another server serves). The stage never needs to complete, and it is
     * not cancelled by the flow.
     *
     * @return the signal, or empty if this provision cannot see validation
     * @since 0.2.0
     */
    default Optional<CompletionStage<Void>> validationSeen() {
        return Optional.empty();
    }

    /**
     * Removes what was provisioned. Called exactly once per provision, whatever happened, and
     * never with the thread's interrupt status set (the flow clears it for the call and restores it
     * afterwards), so that an API call that fails on an interrupted thread can still clean up. A
     * failure is logged and does not fail an issuance whose certificate was issued.
     *
     * @throws AcmeException if it could not be removed
     */
    @Override
    void close() throws AcmeException;
}
