package org.certwright.acme.issuance;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
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

    /**
     * The names the certificate is for (its subjectAltNames, where CAs put them; the subject is
     * often empty), its serial number in hex, its expiry and its URL, for logs.
     */
    @Override
    public String toString() {
        X509Certificate leaf = certificate.leaf();
        return "IssuedCertificate[" + Certificate.namedIdentifiers(leaf) + ", serial="
                + leaf.getSerialNumber().toString(16) + ", notAfter=" + leaf.getNotAfter().toInstant() + ", "
                + certificate.url() + "]";
    }
}
