package org.certwright.acme.spring;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.lifecycle.CurrentCertificate;

/**
 * The self-signed certificate served while the CA has not issued the real one yet, so that the
 * server can start. Its subject says what it is, for whoever looks at it in a browser.
 */
final class TemporaryCertificate {

    /** The subject's organization: a client sees this instead of a CA's name. */
    static final String MARK = "Certwright temporary certificate - not issued by a CA yet";

    private TemporaryCertificate() {
    }

    static CurrentCertificate create(List<String> domains) {
        KeyPair keyPair = KeyType.EC_P256.generate();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + domains.get(0) + ", O=" + MARK);
        GeneralName[] names = domains.stream().map(d -> new GeneralName(GeneralName.dNSName, d))
                .toArray(GeneralName[]::new);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(7))), subject, keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new CurrentCertificate(keyPair, List.of(certificate));
        } catch (OperatorCreationException | CertIOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot make the temporary self-signed certificate", e);
        }
    }

    static boolean isTemporary(CurrentCertificate certificate) {
        return certificate.leaf().getSubjectX500Principal().getName().contains(MARK);
    }
}
