package org.certwright.acme.issuance;

import java.net.URI;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.Order;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.ValidationFailedException;

/**
 * Progress of a {@link CertificateIssuer#issue} call, for a tool that shows it. Methods are called
 * from the flow's worker threads, possibly concurrently for different identifiers; they should be
 * quick. Whatever a method throws (short of a {@link VirtualMachineError}) is logged at WARN and
 * otherwise ignored: a failing progress display never fails an issuance. Every method does
 * nothing by default.
 */
public interface IssuanceListener {

    /** A listener that ignores everything. */
    IssuanceListener NONE = new IssuanceListener() {
    };

    /** An order was placed (again, after a failed attempt, with the next challenge type). */
    default void orderCreated(Order order) {
    }

    /** A responder provisioned a challenge. */
    default void challengeProvisioned(ChallengeContext context) {
    }

    /** The CA validated an identifier (or had a valid authorization already, {@code reused}). */
    default void validated(Identifier identifier, String challengeType, boolean reused) {
    }

    /** Validation of an identifier failed; the flow may retry with another type. */
    default void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
    }

    /** The CSR was accepted. */
    default void finalized(Order order) {
    }

    /** The certificate was downloaded and verified. */
    default void downloaded(Certificate certificate) {
    }

    /**
     * An alternate chain ({@code Link rel="alternate"}) could not be downloaded while looking for
     * the preferred chain; the flow goes on with the other chains and, if none leads to the
     * preferred issuer, with the default chain. Also logged at WARN.
     *
     * @param alternate the alternate chain's URL
     * @param failure   why it could not be downloaded
     * @since 0.2.0
     */
    default void alternateChainFailed(URI alternate, AcmeException failure) {
    }
}
