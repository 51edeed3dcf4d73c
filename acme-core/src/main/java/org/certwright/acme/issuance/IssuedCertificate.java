package org.certwright.acme.issuance;

import java.security.KeyPair;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.Certificate;

/**
 * The result of {@link CertificateIssuer#issue}: the verified certificate and, unless the caller
 * supplied a CSR, the key pair it certifies.
 *
 * @param certificate the certificate with its chain
 * @param keyPair     the certificate's key pair; empty when the caller supplied a CSR
 */
public record IssuedCertificate(Certificate certificate, Optional<KeyPair> keyPair) {

    /** Creates a result. */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keyPair, "keyPair");
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.leaf().getSubjectX500Principal().getName() + ", "
                + certificate.url() + "]";
    }
}
