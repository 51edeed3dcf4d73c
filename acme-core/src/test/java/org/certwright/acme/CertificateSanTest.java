package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.CertificateMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A certificate from the CA whose subjectAltName holds something that is not a valid name. */
class CertificateSanTest {

    private static final KeyPair KEY = KeyType.EC_P256.generate();
    private static final URI URL = URI.create("https://ca.example/acme/cert/1");

    @ParameterizedTest
    @ValueSource(strings = {"bad name!", "127.0.0.1", "-x.example.org", "a..b", "*.*.example.org"})
    void anInvalidDnsNameIsLeftOutOfTheNamedIdentifiers(String san) throws Exception {
        X509Certificate cert = certificate(san, "example.org");

        assertThat(Certificate.namedIdentifiers(cert)).containsExactly(Identifier.dns("example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad name!", "127.0.0.1"})
    void verifyNamesTheInvalidSanInsteadOfThrowingAnUncheckedException(String san) throws Exception {
        Certificate certificate = Certificate.builder(URL, List.of(certificate(san, "example.org"))).build();

        assertThatThrownBy(() -> certificate.verify(KEY.getPublic(), List.of(Identifier.dns("example.org"))))
                .isInstanceOf(CertificateMismatchException.class)
                .hasMessageContaining("'" + san + "'")
                .hasMessageContaining(URL.toString());
    }

    @Test
    void aMismatchNamesTheCertificateButNoRequestMethodSinceVerificationIsLocal() throws Exception {
        // The draft downloads certificates by GET, RFC 8555 by POST-as-GET: neither is what failed.
        Certificate certificate = Certificate.builder(URL, List.of(certificate("example.org"))).build();

        assertThatThrownBy(() -> certificate.verify(KEY.getPublic(), List.of(Identifier.dns("other.example"))))
                .isInstanceOfSatisfying(CertificateMismatchException.class, e -> {
                    assertThat(e.method()).isEmpty();
                    assertThat(e.url()).contains(URL);
                    assertThat(e.getMessage()).doesNotContain("POST").endsWith("(" + URL + ")");
                });
    }

    private static X509Certificate certificate(String... dnsNames) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.TEN,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=leaf"), KEY.getPublic());
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate())));
    }
}
