package org.certwright.acme.challenges;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * A tls-alpn-01 validation certificate with its private key, as {@link TlsAlpnCertificates} makes
 * it: what a TLS server presents when the CA connects with ALPN {@code acme-tls/1} and SNI
 * {@link TlsAlpnValidation#serverName()}.
 *
 * @param validation  what the certificate answers
 * @param certificate the self-signed certificate
 * @param privateKey  its private key
 */
public record TlsAlpnCertificate(TlsAlpnValidation validation, X509Certificate certificate, PrivateKey privateKey) {

    /** Checks that nothing is missing. */
    public TlsAlpnCertificate {
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * The SNI the CA sends, in lower case.
     *
     * @return {@link TlsAlpnValidation#serverName()}
     */
    public String serverName() {
        return validation.serverName();
    }

    /** Names the validation, never the key. */
    @Override
    public String toString() {
        return "TlsAlpnCertificate[" + validation + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}
