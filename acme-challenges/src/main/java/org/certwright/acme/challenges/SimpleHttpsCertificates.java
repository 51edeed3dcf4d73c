package org.certwright.acme.challenges;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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
import org.certwright.acme.crypto.KeyType;

/**
 * Makes the certificate the draft-barnes-acme {@code simpleHttps} challenge asks the HTTPS server
 * to present: "a valid self-signed certificate [that] contains the domain name being validated as
 * well as the public key of the key pair being authorized". Its subject public key is the account
 * key, it is signed by the account key, and its one subjectAltName is the domain (also its common
 * name when short enough).
 *
 * <p>Certificates are valid from an hour ago (for clock skew) for {@link #VALIDITY}. Bouncy Castle
 * builds them as a library; signing uses the JDK's providers, or the provider of a key handle.
 */
public final class SimpleHttpsCertificates {

    /** How long a certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_COMMON_NAME = 64;

    private SimpleHttpsCertificates() {
    }

    /**
     * The self-signed certificate for a domain.
     *
     * @param domain     the DNS name being validated, without wildcard
     * @param accountKey the account key pair being authorized; its private key signs
     * @return the certificate
     * @throws IllegalArgumentException if the domain is not a DNS name or is a wildcard
     */
    public static X509Certificate create(String domain, KeyPair accountKey) {
        Objects.requireNonNull(accountKey, "accountKey");
        Identifier identifier = Identifier.dns(domain);
        if (identifier.isWildcard()) {
            throw new IllegalArgumentException("simpleHttps validates names, not wildcards: " + domain);
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        subject.addRDN(BCStyle.CN, identifier.value().length() <= MAX_COMMON_NAME ? identifier.value()
                : "ACME simpleHttps validation");
        X500Name name = subject.build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name,
                accountKey.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, identifier.value())));
            String algorithm = KeyType.of(accountKey.getPublic()).csrSignatureAlgorithm();
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(accountKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot make a simpleHttps certificate for " + domain, e);
        }
    }

    /** 16 random bytes, positive and non-zero, well within RFC 5280's 20 octets. */
    private static BigInteger serialNumber() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(1, bytes);
    }
}
