package org.certwright.acme.challenges;

import java.time.Duration;
import java.util.Objects;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.Interrupts;
import org.certwright.acme.problem.AcmeException;

/**
 * Decides when a published TXT record is visible to the CA, and where a record has to be published
 * when its name is delegated with a CNAME. {@link DnsPropagationChecker} asks the zone's authoritative
 * servers; {@link #none()} and {@link #fixedDelay(Duration)} are for DNS services whose servers cannot
 * be asked.
 */
@FunctionalInterface
public interface PropagationCheck {

    /**
     * Waits until the CA will be able to see the record.
     *
     * @param record  the record as the challenge names it (a CNAME at its name is followed)
     * @param timeout the longest time to wait
     * @throws ProvisioningException if it is not visible within {@code timeout}
     * @throws AcmeException         an {@link org.certwright.acme.problem.AcmeInterruptedException} if the
     *                               thread was interrupted (its interrupt status is then set)
     */
    void awaitVisible(DnsRecord record, Duration timeout) throws AcmeException;

    /**
     * Where a record named {@code recordName} has to be published: the end of the CNAME chain that
     * starts at it (a delegated {@code _acme-challenge}), or the name itself. The default does not
     * look and returns the name.
     *
     * @param recordName the name the challenge asks for, without trailing dot
     * @return the name to publish at, without trailing dot
     * @throws AcmeException a {@link ProvisioningException} if DNS could not be asked, an
     *                       {@link org.certwright.acme.problem.AcmeInterruptedException} if interrupted
     */
    default String publicationName(String recordName) throws AcmeException {
        return recordName;
    }

    /**
     * No check: the record counts as visible as soon as it is published, and CNAMEs are not followed.
     *
     * @return the check
     */
    static PropagationCheck none() {
        return (record, timeout) -> {
        };
    }

    /**
     * Waits a fixed time (at most the timeout): for DNS services whose changes take a known time to
     * reach their servers, which cannot be asked directly.
     *
     * @param delay how long to wait
     * @return the check
     */
    static PropagationCheck fixedDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return (record, timeout) -> {
            try {
                Thread.sleep(Math.min(delay.toMillis(), timeout.toMillis()));
            } catch (InterruptedException e) {
                throw Interrupts.interrupted("while waiting for " + record.name() + " to propagate", e);
            }
        };
    }
}
