package org.certwright.acme.crypto;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds certificates for tests with Bouncy Castle's builders and the JDK's providers. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A certificate for {@code subjectKey}, signed by {@code issuerKey}, without an AKI. */
    public static X509Certificate issue(String subject, PublicKey subjectKey, String issuer, KeyPair issuerKey) {
        return issue(subject, subjectKey, issuer, issuerKey, BigInteger.valueOf(System.nanoTime()), Optional.empty());
    }

    /** A self-signed certificate. */
    public static X509Certificate selfSigned(String subject, KeyPair key) {
        return issue(subject, key.getPublic(), subject, key);
    }

    /**
     * A certificate with a chosen serial number and, if given, an Authority Key Identifier
     * holding {@code authorityKeyId}.
     */
    public static X509Certificate issue(String subject, PublicKey subjectKey, String issuer, KeyPair issuerKey,
            BigInteger serial, Optional<byte[]> authorityKeyId) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), serial,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(90))),
                    new X500Name("CN=" + subject), subjectKey);
            if (authorityKeyId.isPresent()) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        new AuthorityKeyIdentifier(authorityKeyId.get()));
            }
            String algorithm = KeyType.of(issuerKey.getPublic()).csrSignatureAlgorithm();
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
