package org.certwright.acme.lifecycle;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyType;

/** Self-signed server certificates with a chosen serial, made with Bouncy Castle as a library. */
record TlsTestCertificates(PrivateKey key, X509Certificate certificate) {

    List<X509Certificate> chain() {
        return List.of(certificate);
    }

    BigInteger serial() {
        return certificate.getSerialNumber();
    }

    /** Names: DNS names, or IP literals (anything starting with a digit or containing ':'). */
    static TlsTestCertificates selfSigned(long serial, KeyType type, String... names) {
        KeyPair keys = type.generate();
        GeneralName[] sans = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            boolean ip = Character.isDigit(names[i].charAt(0)) || names[i].contains(":");
            sans[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
        }
        return build(keys, type, BigInteger.valueOf(serial), "CN=test " + serial,
                List.of(new Ext(Extension.subjectAlternativeName, false, new GeneralNames(sans))));
    }

    /** A tls-alpn-01 certificate (RFC 8737 §3) for a DNS validation. */
    static TlsTestCertificates validation(long serial, TlsAlpnValidation validation) {
        KeyPair keys = KeyType.EC_P256.generate();
        GeneralNames san = new GeneralNames(new GeneralName(GeneralName.dNSName, validation.identifier().value()));
        return build(keys, KeyType.EC_P256, BigInteger.valueOf(serial), "CN=acme validation",
                List.of(new Ext(Extension.subjectAlternativeName, false, san),
                        new Ext(new ASN1ObjectIdentifier(TlsAlpnValidation.ACME_IDENTIFIER_OID), true,
                                new DEROctetString(validation.digest()))));
    }

    private record Ext(ASN1ObjectIdentifier oid, boolean critical, org.bouncycastle.asn1.ASN1Encodable value) {
    }

    private static TlsTestCertificates build(KeyPair keys, KeyType type, BigInteger serial, String subject,
                                             List<Ext> extensions) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name(subject);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    keys.getPublic());
            for (Ext e : extensions) {
                b.addExtension(e.oid(), e.critical(), e.value());
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(type.csrSignatureAlgorithm()).build(keys.getPrivate())));
            return new TlsTestCertificates(keys.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
