package org.certwright.acme.challenges;

import java.security.KeyPair;
import java.time.Duration;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.internal.tls.ValidationCertificateFactory;

/**
 * Makes tls-alpn-01 validation certificates (RFC 8737 §3, RFC 8738 §6): self-signed, with exactly
 * one subjectAltName (the DNS name, or the IP address) and the critical {@code acmeIdentifier}
 * extension ({@value TlsAlpnValidation#ACME_IDENTIFIER_OID}) holding the SHA-256 digest of the key
 * authorization as a DER OCTET STRING.
 *
 * <p>The subject and issuer are {@value #SUBJECT}, since CAs ignore them and a DNS name may be too
 * long for a common name. Certificates are valid from an hour ago (for clock skew) for
 * {@link #VALIDITY}. Bouncy Castle builds them as a library; signing uses the JDK's providers.
 */
public final class TlsAlpnCertificates {

    /** The subject and issuer distinguished name of every validation certificate. */
    public static final String SUBJECT = ValidationCertificateFactory.SUBJECT;
    /** How long a validation certificate is valid. */
    public static final Duration VALIDITY = ValidationCertificateFactory.VALIDITY;

    private TlsAlpnCertificates() {
    }

    /**
     * A validation certificate with a new EC P-256 key.
     *
     * @param validation what the certificate must answer
     * @return the certificate and its key
     * @throws IllegalArgumentException if the identifier is neither a DNS name nor an IP address,
     *                                  or is a wildcard
     */
    public static TlsAlpnCertificate create(TlsAlpnValidation validation) {
        return create(validation, KeyType.EC_P256.generate());
    }

    /**
     * A validation certificate for a given key.
     *
     * @param validation what the certificate must answer
     * @param keyPair    the key; RSA, EC or Ed25519 as {@link KeyType} supports
     * @return the certificate and its key
     * @throws IllegalArgumentException if the identifier is neither a DNS name nor an IP address,
     *                                  or is a wildcard
     */
    public static TlsAlpnCertificate create(TlsAlpnValidation validation, KeyPair keyPair) {
        return new TlsAlpnCertificate(validation, ValidationCertificateFactory.create(validation, keyPair),
                keyPair.getPrivate());
    }
}
