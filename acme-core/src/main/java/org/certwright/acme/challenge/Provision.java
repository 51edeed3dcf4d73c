package org.certwright.acme.challenge;

import java.time.Duration;
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
