package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.Certificate;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

class IssuedCertificateTest {

    @Test
    void toStringNamesTheSubjectAltNamesSerialAndExpiryOfACertificateWithAnEmptySubject() throws Exception {
        KeyPair key = KeyType.EC_P256.generate();
        Instant notAfter = Instant.parse("2027-03-01T12:00:00Z");
        // As Let's Encrypt issues since 2025: no subject, the names in the subjectAltName extension only.
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Issuer"),
                new BigInteger("0a1b2c3d", 16), Date.from(notAfter.minusSeconds(86400)), Date.from(notAfter),
                new X500Name(""), key.getPublic());
        b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "example.com"),
                new GeneralName(GeneralName.dNSName, "www.example.com")}));
        X509Certificate leaf = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        Certificate certificate = Certificate.builder(URI.create("https://ca.example/cert/1"), List.of(leaf)).build();

        String text = new IssuedCertificate(certificate, Optional.of(key)).toString();

        assertThat(text).contains("dns:example.com", "dns:www.example.com", "a1b2c3d", "2027-03-01T12:00:00Z",
                "https://ca.example/cert/1");
        assertThat(text).doesNotContain("PRIVATE");
    }
}
