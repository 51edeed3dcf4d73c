package org.certwright.testkit;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Pebble knows about a certificate it issued ({@code /cert-status-by-serial/<hex>}).
 *
 * @param status      {@value #VALID} or {@value #REVOKED}, as Pebble writes it
 * @param serial      the serial number
 * @param certificate the certificate
 * @param reason      the revocation reason code (RFC 5280 §5.3.1), when revoked with one
 * @param revokedAt   when it was revoked, in Pebble's own text format, when revoked
 */
public record CertStatus(String status, BigInteger serial, X509Certificate certificate, OptionalInt reason,
        Optional<String> revokedAt) {

    /** Pebble's status of a certificate that is not revoked. */
    public static final String VALID = "Valid";
    /** Pebble's status of a revoked certificate. */
    public static final String REVOKED = "Revoked";

    /**
     * Whether Pebble has recorded a revocation.
     *
     * @return {@code true} if the status is {@value #REVOKED}
     */
    public boolean isRevoked() {
        return REVOKED.equals(status);
    }

    /**
     * Whether the certificate is not revoked.
     *
     * @return {@code true} if the status is {@value #VALID}
     */
    public boolean isValid() {
        return VALID.equals(status);
    }
}
