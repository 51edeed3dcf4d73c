package org.certwright.acme.lifecycle;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The certificate a {@link CertificateManager} serves now for a managed certificate: its key
 * pair and its chain, leaf first.
 *
 * @param keyPair the certificate's key pair
 * @param chain   the leaf followed by its issuers
 * @since 0.2.0
 */
public record CurrentCertificate(KeyPair keyPair, List<X509Certificate> chain) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if the chain is empty
     * @since 0.2.0
     */
    public CurrentCertificate {
        Objects.requireNonNull(keyPair, "keyPair");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain cannot be empty");
        }
    }

    /**
     * The leaf certificate.
     *
     * @return the first certificate of the chain
     * @since 0.2.0
     */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * When the leaf expires.
     *
     * @return the leaf's notAfter
     * @since 0.2.0
     */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /**
     * Whether the leaf is within its validity period at an instant.
     *
     * @param now the instant
     * @return {@code true} if {@code now} is between notBefore and notAfter
     * @since 0.2.0
     */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(leaf().getNotBefore().toInstant()) && !now.isAfter(notAfter());
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "CurrentCertificate[serial " + leaf().getSerialNumber().toString(16) + ", notAfter " + notAfter() + "]";
    }
}
