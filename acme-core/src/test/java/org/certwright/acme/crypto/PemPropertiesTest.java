package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever the input, the readers either succeed or throw {@link InvalidKeyMaterialException}. */
class PemPropertiesTest {

    private static final List<String> LABELS = List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
            "EC PARAMETERS", "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "CERTIFICATE REQUEST");

    @Property
    void arbitraryText(@ForAll String text) {
        readEverything(text);
    }

    @Property
    void arbitraryBytesAsText(@ForAll byte[] bytes) {
        readEverything(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Property
    void pemShapedText(@ForAll("pemLines") List<String> lines) {
        readEverything(String.join("\n", lines));
    }

    @Property
    void arbitraryDerUnderEveryLabel(@ForAll("labels") String label, @ForAll byte[] der) {
        readEverything(PemFormat.block(label, der));
    }

    @Property(tries = 400)
    void corruptedKeys(@ForAll("keyBlocks") String[] labelAndPem, @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] der = Base64.getMimeDecoder().decode(labelAndPem[1]
                .replaceAll("-----[A-Z ]+-----", "").strip());
        der[position % der.length] ^= (byte) xor;

        readEverything(PemFormat.block(labelAndPem[0], der));
    }

    @Property(tries = 400)
    void truncatedKeys(@ForAll("keyBlocks") String[] labelAndPem, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        String pem = labelAndPem[1];

        readEverything(pem.substring(0, cut % pem.length()));
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.of(LABELS);
    }

    @Provide
    Arbitrary<List<String>> pemLines() {
        Arbitrary<String> base64 = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
                .ofMaxLength(70);
        Arbitrary<String> fixed = Arbitraries.of("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----",
                "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", "-----BEGIN EC PRIVATE KEY-----",
                "-----END EC PRIVATE KEY-----", "-----BEGIN -----", "-----BEGIN", "-----END X-----",
                "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,00", " continued", "", "MIIBIjAN", "MAA=", "====");
        return Arbitraries.oneOf(base64, fixed).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String[]> keyBlocks() {
        return Arbitraries.of(
                new String[] {"RSA PRIVATE KEY", OpenSslFixtures.RSA_2048_PKCS1},
                new String[] {"EC PRIVATE KEY", OpenSslFixtures.P384_SEC1},
                new String[] {"PRIVATE KEY", OpenSslFixtures.P521_PKCS8},
                new String[] {"PRIVATE KEY", Pem.encodePrivateKey(Keys.of(KeyType.ED25519).getPrivate())},
                new String[] {"PUBLIC KEY", OpenSslFixtures.P256_PUBLIC},
                new String[] {"PUBLIC KEY", OpenSslFixtures.RSA_2048_PUBLIC},
                new String[] {"CERTIFICATE", Pem.encodeCertificates(
                        List.of(TestCertificates.selfSigned("example.com", Keys.of(KeyType.EC_P256))))});
    }

    /** Runs every reader; any exception other than InvalidKeyMaterialException fails the property. */
    static void readEverything(String text) {
        expectOnlyInvalidKeyMaterial(() -> Pem.readKeyPair(text));
        expectOnlyInvalidKeyMaterial(() -> Pem.readPublicKey(text));
        expectOnlyInvalidKeyMaterial(() -> Pem.readCertificates(text));
        expectOnlyInvalidKeyMaterial(() -> Pem.readCsr(text));
    }

    static void expectOnlyInvalidKeyMaterial(Runnable reader) {
        try {
            reader.run();
        } catch (InvalidKeyMaterialException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
