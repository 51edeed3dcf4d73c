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
     * @param timeout the longest time to wait
     * @throws AcmeException if it is not visible within {@code timeout}
     */
    default void awaitReady(Duration timeout) throws AcmeException {
    }

    /** Removes what was provisioned. Called exactly once per provision, whatever happened. */
    @Override
    void close() throws AcmeException;
}
