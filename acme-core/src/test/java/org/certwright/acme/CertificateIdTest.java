package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.encoders.Hex;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateIdTest {

    private static final KeyPair KEY = KeyType.EC_P256.generate();

    @Test
    void rfc9773Example() {
        byte[] aki = Hex.decode("69885B6B87464041E1B37B847BA0AE2CDE01C8D4");
        X509Certificate certificate = TestCertificates.issue("example.com", KEY.getPublic(), "Test CA", KEY,
                new BigInteger("87654321", 16), Optional.of(aki));

        CertificateId id = CertificateId.of(certificate);

        assertThat(id.value()).isEqualTo("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
        assertThat(id).hasToString("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")
                .isEqualTo(new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
    }

    @Test
    void serialWithoutTheHighBitHasNoLeadingZero() {
        X509Certificate certificate = TestCertificates.issue("example.com", KEY.getPublic(), "Test CA", KEY,
                new BigInteger("12345678", 16), Optional.of(new byte[] {1, 2, 3}));

        assertThat(CertificateId.of(certificate).value()).isEqualTo("AQID.EjRWeA");
    }

    @Test
    void requiresAnAuthorityKeyIdentifier() {
        X509Certificate certificate = TestCertificates.issue("example.com", KEY.getPublic(), "Test CA", KEY,
                BigInteger.TEN, Optional.empty());

        assertThatThrownBy(() -> CertificateId.of(certificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("certificate CN=example.com (serial a) has no Authority Key Identifier extension, which ARI needs");
    }

    @Test
    void requiresTheKeyIdentifierField() throws Exception {
        // An AKI naming the issuer by name and serial only.
        AuthorityKeyIdentifier issuerOnly = new AuthorityKeyIdentifier(
                new GeneralNames(new GeneralName(new X500Name("CN=Root"))), BigInteger.ONE);
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.TWO,
                        new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                        new X500Name("CN=example.com"), KEY.getPublic())
                        .addExtension(Extension.authorityKeyIdentifier, false, issuerOnly)
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate())));

        assertThatThrownBy(() -> CertificateId.of(certificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Authority Key Identifier has no keyIdentifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", "AQID.EjRWeA", "ab.cd", "a_-b.0123"})
    void acceptsWellFormedValues(String value) {
        assertThat(new CertificateId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "ab.cd.ef", ".abcd", "abcd.", "ab cd.ef", "ab+/.cd", "aYhba4dGQEHhs3uEe6CuLN4ByNQ=.AIdlQyE",
        "a.bcde", "abcd.e", "ab.cd\n"})
    void rejectsMalformedValues(String value) {
        assertThatThrownBy(() -> new CertificateId(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an ARI certificate identifier");
    }
}
