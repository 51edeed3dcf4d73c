package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

/** RFC 8737 §3 and RFC 8738 §6, field by field. */
class TlsAlpnCertificatesTest {

    private static final String ACME_IDENTIFIER = "1.3.6.1.5.5.7.1.31";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    @Test
    void dnsNameCertificate() throws Exception {
        TlsAlpnValidation validation = Contexts.validation(Identifier.dns("www.example.com"));
        TlsAlpnCertificate made = TlsAlpnCertificates.create(validation);
        X509Certificate cert = made.certificate();

        assertThat(made.validation()).isEqualTo(validation);
        assertThat(made.serverName()).isEqualTo("www.example.com");
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(159);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=ACME tls-alpn-01 validation");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(KeyType.of(cert.getPublicKey())).isEqualTo(KeyType.EC_P256);
        assertMatchingKeys(made);
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(6)));

        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        assertThat(sans).containsExactly(List.of(2, "www.example.com"));
        assertThat(cert.getNonCriticalExtensionOIDs()).contains(SUBJECT_ALT_NAME);

        assertAcmeIdentifier(cert, validation.digest());
    }

    @Test
    void ipv4AddressCertificate() throws Exception {
        TlsAlpnValidation validation = Contexts.validation(Identifier.ip("127.0.0.1"));
        assertThat(validation.serverName()).isEqualTo("1.0.0.127.in-addr.arpa");
        X509Certificate cert = TlsAlpnCertificates.create(validation).certificate();

        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertAcmeIdentifier(cert, validation.digest());
    }

    @Test
    void ipv6AddressCertificate() throws Exception {
        TlsAlpnValidation validation = Contexts.validation(Identifier.ip("2001:db8::1"));
        assertThat(validation.serverName()).endsWith(".8.b.d.0.1.0.0.2.ip6.arpa").startsWith("1.0.0.0.");
        X509Certificate cert = TlsAlpnCertificates.create(validation).certificate();

        List<?> san = cert.getSubjectAlternativeNames().iterator().next();
        assertThat(san.get(0)).isEqualTo(7);
        assertThat(java.net.InetAddress.getByName((String) san.get(1)))
                .isEqualTo(java.net.InetAddress.getByName("2001:db8::1"));
        assertThat(cert.getSubjectAlternativeNames()).hasSize(1);
        assertAcmeIdentifier(cert, validation.digest());
    }

    @Test
    void certificateForAGivenKey() throws Exception {
        for (KeyType type : List.of(KeyType.RSA_2048, KeyType.EC_P384, KeyType.ED25519)) {
            KeyPair key = type.generate();
            TlsAlpnCertificate made = TlsAlpnCertificates.create(Contexts.validation(Identifier.dns("example.com")), key);
            assertThat(made.certificate().getPublicKey()).isEqualTo(key.getPublic());
            assertThat(made.privateKey()).isEqualTo(key.getPrivate());
            made.certificate().verify(key.getPublic());
        }
    }

    @Test
    void eachCertificateIsFresh() {
        TlsAlpnValidation validation = Contexts.validation(Identifier.dns("example.com"));
        TlsAlpnCertificate a = TlsAlpnCertificates.create(validation);
        TlsAlpnCertificate b = TlsAlpnCertificates.create(validation);
        assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
        assertThat(a.certificate().getPublicKey()).isNotEqualTo(b.certificate().getPublicKey());
    }

    @Test
    void refusesWildcards() {
        TlsAlpnValidation wildcard = new TlsAlpnValidation(Identifier.dns("*.example.com"), "example.com", new byte[32]);
        assertThatThrownBy(() -> TlsAlpnCertificates.create(wildcard)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNamesNoKey() {
        TlsAlpnCertificate made = TlsAlpnCertificates.create(Contexts.validation(Identifier.dns("example.com")));
        assertThat(made.toString()).contains("example.com").doesNotContain(made.privateKey().toString());
    }

    /** Critical, and its value is exactly DER OCTET STRING (32 bytes) of the digest. */
    private static void assertAcmeIdentifier(X509Certificate cert, byte[] digest) throws Exception {
        assertThat(digest).hasSize(32);
        assertThat(cert.getCriticalExtensionOIDs()).containsExactly(ACME_IDENTIFIER);
        byte[] extnValue = cert.getExtensionValue(ACME_IDENTIFIER); // the extnValue OCTET STRING, DER
        byte[] inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(extnValue)).getOctets();
        byte[] expected = new byte[34];
        expected[0] = 0x04;
        expected[1] = 0x20;
        System.arraycopy(digest, 0, expected, 2, 32);
        assertThat(HexFormat.of().formatHex(inner)).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(Arrays.copyOfRange(inner, 2, 34)).isEqualTo(digest);
    }

    private static void assertMatchingKeys(TlsAlpnCertificate made) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(made.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(made.certificate().getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }
}
