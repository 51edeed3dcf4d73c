package org.certwright.acme.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.Identifier;

/**
 * A snapshot of one managed certificate, for health endpoints and dashboards.
 *
 * @param name          the certificate's name
 * @param identifiers   the identifiers it is for
 * @param serial        the current certificate's serial number in hex, if there is one
 * @param notAfter      when the current certificate expires
 * @param issuer        the current certificate's issuer distinguished name
 * @param issuingCa     the id of the CA that issued it (see {@link StoreLayout#caId})
 * @param nextRenewal   when the manager next plans to obtain or renew it
 * @param renewalReason why at that time; empty when there is no certificate yet
 * @param backoffUntil  the instant before which no attempt is made after failures, if backing off
 * @param lastError     the last failed attempt since the last success, if any
 * @since 0.2.0
 */
public record CertificateStatus(String name, List<Identifier> identifiers, Optional<String> serial,
                                Optional<Instant> notAfter, Optional<String> issuer, Optional<String> issuingCa,
                                Optional<Instant> nextRenewal, Optional<RenewalReason> renewalReason,
                                Optional<Instant> backoffUntil, Optional<AttemptRecord> lastError) {

    /**
     * Checks and copies the components.
     *
     * @since 0.2.0
     */
    public CertificateStatus {
        Objects.requireNonNull(name, "name");
        identifiers = List.copyOf(identifiers);
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuingCa, "issuingCa");
        Objects.requireNonNull(nextRenewal, "nextRenewal");
        Objects.requireNonNull(renewalReason, "renewalReason");
        Objects.requireNonNull(backoffUntil, "backoffUntil");
        Objects.requireNonNull(lastError, "lastError");
    }
}
