package org.certwright.acme.internal.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyType;

/**
 * Makes tls-alpn-01 validation certificates (RFC 8737 §3, RFC 8738 §6), for the challenges'
 * responders and for the lifecycle's key manager: self-signed, with exactly one subjectAltName
 * (the DNS name, or the IP address) and the critical {@code acmeIdentifier} extension holding the
 * SHA-256 digest of the key authorization as a DER OCTET STRING.
 */
public final class ValidationCertificateFactory {

    /** The subject and issuer of every validation certificate: CAs ignore them. */
    public static final String SUBJECT = "CN=ACME tls-alpn-01 validation";
    /** How long a validation certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(7);

    private static final ASN1ObjectIdentifier ACME_IDENTIFIER = new ASN1ObjectIdentifier(
            TlsAlpnValidation.ACME_IDENTIFIER_OID);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ValidationCertificateFactory() {
    }

    /**
     * A validation certificate for a key, valid from an hour ago (clock skew) for {@link #VALIDITY}.
     *
     * @throws IllegalArgumentException if the identifier is neither a DNS name nor an IP address,
     *                                  or is a wildcard
     */
    public static X509Certificate create(TlsAlpnValidation validation, KeyPair keyPair) {
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(keyPair, "keyPair");
        X500Name name = new X500Name(SUBJECT);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keyPair.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltName(validation)));
            // The extension's value is the DER encoding of Authorization ::= OCTET STRING (SIZE (32)).
            builder.addExtension(ACME_IDENTIFIER, true, new DEROctetString(validation.digest()));
            String algorithm = KeyType.of(keyPair.getPublic()).csrSignatureAlgorithm();
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot make a tls-alpn-01 certificate for " + validation, e);
        }
    }

    private static GeneralName subjectAltName(TlsAlpnValidation validation) {
        Identifier identifier = validation.identifier();
        if (identifier.isIp()) {
            return new GeneralName(GeneralName.iPAddress, new DEROctetString(identifier.inetAddress().getAddress()));
        }
        if (identifier.isDns() && !identifier.isWildcard()) {
            return new GeneralName(GeneralName.dNSName, identifier.value());
        }
        throw new IllegalArgumentException("tls-alpn-01 validates DNS names and IP addresses, not " + identifier);
    }

    /** 16 random bytes, positive and non-zero, well within RFC 5280's 20 octets. */
    private static BigInteger serialNumber() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(1, bytes);
    }
}
