package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.certwright.acme.Identifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsrTest {

    private static final List<Identifier> NAMES = List.of(Identifier.dns("example.com"), Identifier.dns("*.example.com"),
            Identifier.ip("192.0.2.1"), Identifier.ip("2001:db8::1"));

    @Test
    void carriesEveryIdentifierAndTheFirstDnsNameAsCommonName() throws Exception {
        KeyPair key = Keys.of(KeyType.EC_P256);

        Csr csr = Csr.of(key, NAMES);

        assertThat(csr.identifiers()).containsExactlyElementsOf(NAMES);
        assertThat(csr.publicKey()).isEqualTo(key.getPublic());
        PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr.der());
        assertThat(request.getSubject()).isEqualTo(new X500Name("CN=example.com"));
        assertThat(san(request).isCritical()).isFalse();
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.getPublic()))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "EC_P256, 1.2.840.10045.4.3.2",
        "EC_P384, 1.2.840.10045.4.3.3",
        "EC_P521, 1.2.840.10045.4.3.4",
        "RSA_2048, 1.2.840.113549.1.1.11",
        "RSA_4096, 1.2.840.113549.1.1.11",
        "ED25519, 1.3.101.112",
    })
    void isSignedWithTheKeyTypesAlgorithm(KeyType type, String signatureOid) throws Exception {
        KeyPair key = Keys.of(type);

        Csr csr = Csr.of(key, List.of(Identifier.dns("example.com")));

        PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr.der());
        assertThat(request.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo(signatureOid);
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.getPublic()))).isTrue();
        assertThat(csr.publicKey()).isEqualTo(key.getPublic());
    }

    @Test
    void ipOnlyRequestsHaveAnEmptySubjectAndACriticalSan() throws Exception {
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), List.of(Identifier.ip("2001:db8::1"), Identifier.ip("::1")));

        PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr.der());
        assertThat(request.getSubject().getRDNs()).isEmpty();
        assertThat(san(request).isCritical()).isTrue();
        assertThat(csr.identifiers()).containsExactly(Identifier.ip("2001:db8::1"), Identifier.ip("::1"));
    }

    @Test
    void commonNameIsTheFirstDnsNameEvenAfterAnIp() throws Exception {
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), List.of(Identifier.ip("192.0.2.1"), Identifier.dns("*.Example.COM")));

        assertThat(new PKCS10CertificationRequest(csr.der()).getSubject()).isEqualTo(new X500Name("CN=*.example.com"));
    }

    @Test
    void namesLongerThan64CharactersAreNotUsedAsCommonName() throws Exception {
        String longName = "a".repeat(60) + ".example.com";
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), List.of(Identifier.dns(longName), Identifier.dns("short.example")));

        PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr.der());
        assertThat(request.getSubject().getRDNs()).isEmpty();
        assertThat(san(request).isCritical()).isTrue();
        assertThat(csr.identifiers()).extracting(Identifier::value).containsExactly(longName, "short.example");
    }

    @Test
    void exactly64CharactersIsStillACommonName() throws Exception {
        String name = "a".repeat(52) + ".example.com";
        assertThat(name).hasSize(64);

        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), List.of(Identifier.dns(name)));

        assertThat(new PKCS10CertificationRequest(csr.der()).getSubject()).isEqualTo(new X500Name("CN=" + name));
    }

    @Test
    void duplicatesAreDropped() {
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256),
                List.of(Identifier.dns("a.example"), Identifier.dns("b.example"), Identifier.dns("A.example.")));

        assertThat(csr.identifiers()).containsExactly(Identifier.dns("a.example"), Identifier.dns("b.example"));
    }

    @Test
    void rejectsBadArguments() throws Exception {
        KeyPair key = Keys.of(KeyType.EC_P256);
        assertThatThrownBy(() -> Csr.of(key, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a CSR needs at least one identifier");
        assertThatThrownBy(() -> Csr.of(key, List.of(Identifier.dns("a.example"), new Identifier("email", "a@example.com"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identifier type 'email' cannot go into a CSR");
        assertThatThrownBy(() -> Csr.of(new KeyPair(key.getPublic(), KeyType.EC_P256.generate().getPrivate()),
                List.of(Identifier.dns("a.example"))))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageContaining("does not belong");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertThatThrownBy(() -> Csr.of(rsa.generateKeyPair(), List.of(Identifier.dns("a.example"))))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("RSA modulus 1024 bits, at least 2048 required");
    }

    @Test
    void parsesDerAndPemAlike() {
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), NAMES);
        String pem = csr.toPem();

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
        assertThat(Csr.parse(pem)).isEqualTo(csr);
        assertThat(Csr.parse(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(csr);
        assertThat(Csr.parse(csr.der())).isEqualTo(csr).hasSameHashCodeAs(csr);
        assertThat(Pem.readCsr(pem)).isEqualTo(csr.der());
    }

    @Test
    void readsOpenSslRequests() {
        Csr withSans = Csr.parse(OpenSslFixtures.CSR_WITH_SANS);

        // The email name has no ACME identifier type and is left out; names are normalised.
        assertThat(withSans.identifiers()).containsExactly(Identifier.dns("example.com"), Identifier.dns("*.example.com"),
                Identifier.ip("192.0.2.1"), Identifier.ip("2001:db8::1"));
        assertThat(withSans.publicKey()).isEqualTo(Pem.readPublicKey(OpenSslFixtures.P256_PUBLIC));

        Csr withoutSans = Csr.parse(OpenSslFixtures.CSR_WITHOUT_SANS);
        assertThat(withoutSans.identifiers()).isEmpty();
        assertThat(withoutSans.publicKey()).isEqualTo(Pem.readPublicKey(OpenSslFixtures.RSA_2048_PUBLIC));
    }

    @Test
    void isImmutable() {
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), NAMES);
        byte[] out = csr.der();
        out[10] ^= 1;
        assertThat(csr.der()).isNotEqualTo(out);

        byte[] in = csr.der();
        Csr copy = new Csr(in);
        in[10] ^= 1;
        assertThat(copy).isEqualTo(csr);
    }

    @Test
    void toStringShowsContent() {
        Csr csr = Csr.of(Keys.of(KeyType.EC_P256), NAMES);

        assertThat(csr.toString()).isEqualTo("Csr[subject=CN=example.com, identifiers=[dns:example.com, dns:*.example.com,"
                + " ip:192.0.2.1, ip:2001:db8::1], key=EC]");
    }

    @Test
    void rejectsATamperedRequest() {
        byte[] der = Csr.of(Keys.of(KeyType.EC_P256), List.of(Identifier.dns("example.com"))).der();
        String text = new String(der, StandardCharsets.ISO_8859_1);
        // Same length, so the structure stays valid and only the signature can notice.
        byte[] tampered = text.replace("example.com", "exbmple.com").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> new Csr(tampered))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("CSR signature does not verify: the request was altered or signed with another key");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> new Csr(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("not a valid PKCS#10 certification request");
        assertThatThrownBy(() -> Csr.parse(new byte[0]))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("no PEM data: the input is empty");
        assertThatThrownBy(() -> Csr.parse("-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n"))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("PEM block 'CERTIFICATE REQUEST' at line 1: not a valid PKCS#10");
    }

    @Test
    void rejectsSubjectAltNamesThatAreNotIdentifiers() throws Exception {
        byte[] badDns = request(new GeneralName(GeneralName.dNSName, "not a name"));
        byte[] badIp = request(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[8])));

        assertThatThrownBy(() -> new Csr(badDns))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("CSR subjectAltName dNSName is not a valid DNS name: not a DNS name: 'not a name'");
        assertThatThrownBy(() -> new Csr(badIp))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("CSR subjectAltName iPAddress is 8 bytes, expected 4 (IPv4) or 16 (IPv6)");
    }

    @Property
    void randomBytesOnlyEverGiveInvalidKeyMaterial(@ForAll byte[] bytes) {
        PemPropertiesTest.expectOnlyInvalidKeyMaterial(() -> Csr.parse(bytes));
        PemPropertiesTest.expectOnlyInvalidKeyMaterial(() -> new Csr(bytes));
    }

    @Property(tries = 500)
    void corruptedRequestsOnlyEverGiveInvalidKeyMaterial(@ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] der = Csr.parse(OpenSslFixtures.CSR_WITH_SANS).der();
        der[position % der.length] ^= (byte) xor;

        PemPropertiesTest.expectOnlyInvalidKeyMaterial(() -> new Csr(der));
    }

    private static Extension san(PKCS10CertificationRequest request) {
        Extensions extensions = Extensions.getInstance(
                request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        return extensions.getExtension(Extension.subjectAlternativeName);
    }

    /** A correctly signed request whose subjectAltName holds {@code name}. */
    private static byte[] request(GeneralName name) throws Exception {
        KeyPair key = Keys.of(KeyType.EC_P256);
        Extension san = new Extension(Extension.subjectAlternativeName, false,
                new DEROctetString(new GeneralNames(name)));
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(san))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
                .getEncoded();
    }
}
