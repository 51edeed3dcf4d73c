package org.certwright.acme;

/**
 * Why a certificate is revoked: the RFC 5280 CRLReason codes (value 7 is unused). Let's Encrypt
 * accepts only {@link #UNSPECIFIED}, {@link #KEY_COMPROMISE}, {@link #SUPERSEDED} and
 * {@link #CESSATION_OF_OPERATION} from subscribers.
 */
public enum RevocationReason {
    /** No reason given (0). */
    UNSPECIFIED(0),
    /** The private key was compromised (1). */
    KEY_COMPROMISE(1),
    /** The CA's key was compromised (2). */
    CA_COMPROMISE(2),
    /** The subject's affiliation changed (3). */
    AFFILIATION_CHANGED(3),
    /** A new certificate replaces it (4). */
    SUPERSEDED(4),
    /** The certificate is no longer needed (5). */
    CESSATION_OF_OPERATION(5),
    /** Temporarily on hold (6). */
    CERTIFICATE_HOLD(6),
    /** Removed from the CRL (8). */
    REMOVE_FROM_CRL(8),
    /** A privilege was withdrawn (9). */
    PRIVILEGE_WITHDRAWN(9),
    /** An attribute authority was compromised (10). */
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The RFC 5280 code sent as {@code reason}. */
    public int code() {
        return code;
    }
}
