package org.certwright.acme.lifecycle;

/**
 * Why a {@link RenewalDecision} chose its renewal instant; what a manager reports with a scheduled
 * renewal.
 *
 * @since 0.2.0
 */
public enum RenewalReason {

    /** At the instant chosen inside the CA's suggested ARI window (RFC 9773). */
    ARI_WINDOW,

    /**
     * At once: the CA's suggested window has already ended, which a CA does when it plans to
     * revoke the certificate.
     */
    ARI_WINDOW_PASSED,

    /** At a fraction of the lifetime, because there is no ARI advice. */
    LIFETIME_RATIO,

    /**
     * At the safety floor, because the ARI advice or the configured fraction would renew later
     * than the floor allows.
     */
    SAFETY_FLOOR,

    /** At once: the certificate has already expired. */
    EXPIRED
}
