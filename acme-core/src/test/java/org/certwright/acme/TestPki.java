package org.certwright.acme;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;

/**
 * A small CA hierarchy for certificate tests, built with Bouncy Castle as a library:
 * {@code Root X1} → {@code Intermediate R1} → leaf, and the same intermediate cross-signed by
 * {@code Alt Root}, so that one leaf has a default and an alternate chain (RFC 8555 §7.4.2).
 * Public for the fake CA of the issuance tests.
 */
public final class TestPki {

    public static final String ROOT = "Root X1";
    public static final String ALT_ROOT = "Alt Root";
    public static final String INTERMEDIATE = "Intermediate R1";

    private static final AtomicLong SERIALS = new AtomicLong(0x1000);
    private static final TestPki SHARED = new TestPki();

    private final KeyPair rootKey = KeyType.EC_P256.generate();
    private final KeyPair altRootKey = KeyType.EC_P256.generate();
    private final KeyPair intermediateKey = KeyType.EC_P256.generate();
    final X509Certificate root = issue(ROOT, rootKey.getPublic(), ROOT, rootKey, true, List.of());
    final X509Certificate intermediate = issue(INTERMEDIATE, intermediateKey.getPublic(), ROOT, rootKey, true, List.of());
    final X509Certificate crossSignedIntermediate = issue(INTERMEDIATE, intermediateKey.getPublic(), ALT_ROOT,
            altRootKey, true, List.of());

    /** One hierarchy for every test of a run. */
    public static TestPki shared() {
        return SHARED;
    }

    /** A leaf for {@code key} naming {@code identifiers}, issued by the intermediate. */
    public X509Certificate leaf(PublicKey key, Collection<Identifier> identifiers) {
        return issue(identifiers.iterator().next().value(), key, INTERMEDIATE, intermediateKey, false, identifiers);
    }

    /** The chain leading to {@code Root X1}, leaf first, without the root. */
    public List<X509Certificate> chain(X509Certificate leaf) {
        return List.of(leaf, intermediate);
    }

    /** The chain leading to {@code Alt Root}. */
    public List<X509Certificate> alternateChain(X509Certificate leaf) {
        return List.of(leaf, crossSignedIntermediate);
    }

    public static String pem(List<X509Certificate> chain) {
        return Pem.encodeCertificates(chain);
    }

    private static X509Certificate issue(String subject, PublicKey subjectKey, String issuer, KeyPair issuerKey,
                                         boolean ca, Collection<Identifier> names) {
        try {
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(90))), new X500Name("CN=" + subject), subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(issuerKey.getPublic()));
            if (!names.isEmpty()) {
                GeneralName[] sans = names.stream()
                        .map(id -> new GeneralName(id.isIp() ? GeneralName.iPAddress : GeneralName.dNSName, id.value()))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
        }
    }
}
