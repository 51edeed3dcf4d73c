package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    @Nested
    class Encoding {

        @ParameterizedTest
        @EnumSource(KeyType.class)
        void everyKeyTypeRoundTrips(KeyType type) {
            KeyPair pair = Keys.of(type);

            KeyPair read = Pem.readKeyPair(Pem.encodePrivateKey(pair.getPrivate()));

            assertThat(read.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
            assertThat(read.getPublic()).isEqualTo(pair.getPublic());
            assertThat(Pem.readPublicKey(Pem.encodePublicKey(pair.getPublic()))).isEqualTo(pair.getPublic());
            assertThat(Pem.readPrivateKey(Pem.encodePrivateKey(pair.getPrivate()))).isEqualTo(pair.getPrivate());
        }

        @Test
        void writesOpenSslLayout() {
            String pem = Pem.encodePrivateKey(Keys.of(KeyType.RSA_2048).getPrivate());
            List<String> lines = pem.lines().toList();

            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n")
                    .doesNotContain("\r");
            List<String> body = lines.subList(1, lines.size() - 1);
            assertThat(body.subList(0, body.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(64));
            assertThat(body.get(body.size() - 1).length()).isBetween(1, 64);
        }

        @Test
        void encodesPublicKeysAndCsrsWithTheirLabels() {
            assertThat(Pem.encodePublicKey(Keys.of(KeyType.EC_P256).getPublic())).startsWith("-----BEGIN PUBLIC KEY-----\n");
            assertThat(Pem.encodeCsr(new byte[] {0x30, 0x00})).isEqualTo(
                    "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n");
        }

        @Test
        void certificateChainsKeepTheirOrder() {
            KeyPair issuerKey = Keys.of(KeyType.EC_P384);
            X509Certificate issuer = TestCertificates.selfSigned("Test CA", issuerKey);
            X509Certificate leaf = TestCertificates.issue("example.com", Keys.of(KeyType.EC_P256).getPublic(), "Test CA", issuerKey);

            String pem = Pem.encodeCertificates(List.of(leaf, issuer));

            assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
            assertThat(Pem.readCertificates(pem)).containsExactly(leaf, issuer);
        }

        @Test
        void refusesAnEmptyChain() {
            assertThatThrownBy(() -> Pem.encodeCertificates(List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("certificate chain is empty");
        }

        @Test
        void refusesKeysWithoutAnEncoding() {
            PrivateKey handle = new PrivateKey() {
                private static final long serialVersionUID = 1L;

                @Override
                public String getAlgorithm() {
                    return "EC";
                }

                @Override
                public String getFormat() {
                    return null;
                }

                @Override
                public byte[] getEncoded() {
                    return null;
                }
            };

            assertThatThrownBy(() -> Pem.encodePrivateKey(handle))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("the EC private key has no PKCS#8 encoding (is it held in a hardware token?)");
        }
    }

    @Nested
    class OpenSslKeys {

        @Test
        void pkcs1Rsa() {
            KeyPair pair = Pem.readKeyPair(OpenSslFixtures.RSA_2048_PKCS1);

            assertThat(pair.getPublic()).isEqualTo(Pem.readPublicKey(OpenSslFixtures.RSA_2048_PUBLIC));
            assertThat(KeyType.of(pair.getPublic())).isEqualTo(KeyType.RSA_2048);
            assertThat(pair.getPrivate().getFormat()).isEqualTo("PKCS#8");
        }

        @Test
        void sec1WithEcParametersBlock() {
            KeyPair pair = Pem.readKeyPair(OpenSslFixtures.P256_SEC1_WITH_PARAMETERS);

            assertThat(pair.getPublic()).isEqualTo(Pem.readPublicKey(OpenSslFixtures.P256_PUBLIC));
            assertThat(KeyType.of(pair.getPublic())).isEqualTo(KeyType.EC_P256);
        }

        @Test
        void sec1WithoutEcParametersBlock() {
            KeyPair pair = Pem.readKeyPair(OpenSslFixtures.P384_SEC1);

            assertThat(pair.getPublic()).isEqualTo(Pem.readPublicKey(OpenSslFixtures.P384_PUBLIC));
        }

        @Test
        void pkcs8EcDerivesThePublicKey() {
            KeyPair pair = Pem.readKeyPair(OpenSslFixtures.P521_PKCS8);

            assertThat(pair.getPublic()).isEqualTo(Pem.readPublicKey(OpenSslFixtures.P521_PUBLIC));
            assertThat(KeyType.of(pair.getPublic())).isEqualTo(KeyType.EC_P521);
        }

        @Test
        void rsa1024IsRejectedWithTheBlockAndLineNamed() {
            String pem = "Key generated for a test\nwith two lines of explanatory text\n" + OpenSslFixtures.RSA_1024_PKCS1;

            assertThatThrownBy(() -> Pem.readKeyPair(pem))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM block 'RSA PRIVATE KEY' at line 3: RSA modulus 1024 bits, at least 2048 required");
        }

        @Test
        void encryptedKeysAreRejected() {
            assertThatThrownBy(() -> Pem.readKeyPair(OpenSslFixtures.ENCRYPTED_PKCS8))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("PEM block 'ENCRYPTED PRIVATE KEY' at line 1: encrypted private keys are not supported");
            assertThatThrownBy(() -> Pem.readKeyPair(OpenSslFixtures.ENCRYPTED_LEGACY))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("PEM block 'RSA PRIVATE KEY' at line 1: encrypted private keys are not supported");
        }

        @Test
        void unsupportedCurvesAndAlgorithmsAreNamed() {
            assertThatThrownBy(() -> Pem.readKeyPair(OpenSslFixtures.SECP256K1_SEC1))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM block 'EC PRIVATE KEY' at line 1: unsupported EC curve 1.3.132.0.10;"
                            + " supported: P-256, P-384, P-521");
            assertThatThrownBy(() -> Pem.readKeyPair(OpenSslFixtures.ED448_PKCS8))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM block 'PRIVATE KEY' at line 1: unsupported private key algorithm 'Ed448'"
                            + " (1.3.101.113); supported: RSA, EC, Ed25519");
        }

        @Test
        void dsaIsRejected() throws Exception {
            KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
            dsa.initialize(2048);
            String pem = PemFormat.block("PRIVATE KEY", dsa.generateKeyPair().getPrivate().getEncoded());

            assertThatThrownBy(() -> Pem.readKeyPair(pem))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageContaining("unsupported private key algorithm 'DSA'");
        }
    }

    @Nested
    class HandBuiltKeys {

        @Test
        void sec1WithoutCurveUsesTheParametersBlock() throws Exception {
            ECPrivateKey key = (ECPrivateKey) Keys.of(KeyType.EC_P256).getPrivate();
            byte[] bare = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS()).getEncoded();
            String parameters = PemFormat.block("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded());

            KeyPair pair = Pem.readKeyPair(parameters + PemFormat.block("EC PRIVATE KEY", bare));

            assertThat(pair.getPublic()).isEqualTo(Keys.of(KeyType.EC_P256).getPublic());
            assertThatThrownBy(() -> Pem.readKeyPair(PemFormat.block("EC PRIVATE KEY", bare)))
                    .hasMessage("PEM block 'EC PRIVATE KEY' at line 1: EC key does not name its curve");
        }

        @Test
        void sec1ContradictingItsParametersBlockIsRejected() throws Exception {
            String parameters = PemFormat.block("EC PARAMETERS", SECObjectIdentifiers.secp384r1.getEncoded());
            String sec1 = OpenSslFixtures.P256_SEC1_WITH_PARAMETERS.substring(
                    OpenSslFixtures.P256_SEC1_WITH_PARAMETERS.indexOf("-----BEGIN EC PRIVATE KEY"));

            assertThatThrownBy(() -> Pem.readKeyPair(parameters + sec1))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageContaining("EC key names curve secp256r1 but its parameters say secp384r1");
        }

        @Test
        void ecScalarOutOfRangeIsRejected() throws Exception {
            BigInteger order = ((ECPublicKey) Keys.of(KeyType.EC_P256).getPublic()).getParams().getOrder();
            byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, order, SECObjectIdentifiers.secp256r1).getEncoded();

            assertThatThrownBy(() -> Pem.readKeyPair(PemFormat.block("EC PRIVATE KEY", sec1)))
                    .hasMessageContaining("EC private key scalar is out of range for secp256r1");
        }

        @Test
        void ed25519DerivesThePublicKey() throws Exception {
            KeyPair pair = Pem.readKeyPair(Ed25519Fixtures.rfc8037Pkcs8Pem());

            assertThat(pair.getPublic()).isEqualTo(JwkThumbprintTest.rfc8037PublicKey());
        }

        @Test
        void ed25519Pkcs8V2IsCheckedAgainstItsPublicKey() throws Exception {
            KeyPair pair = Pem.readKeyPair(Ed25519Fixtures.pkcs8V2Pem(Ed25519Fixtures.publicKey()));
            assertThat(pair.getPublic()).isEqualTo(JwkThumbprintTest.rfc8037PublicKey());

            byte[] wrong = Ed25519Fixtures.publicKey();
            wrong[5] ^= 1;
            assertThatThrownBy(() -> Pem.readKeyPair(Ed25519Fixtures.pkcs8V2Pem(wrong)))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM block 'PRIVATE KEY' at line 1: the public key embedded in the PKCS#8 structure"
                            + " does not match the private key");
        }

        @Test
        void pkcs1PublicKeys() throws Exception {
            RSAPublicKey key = (RSAPublicKey) Keys.of(KeyType.RSA_2048).getPublic();
            byte[] pkcs1 = new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent()).getEncoded();

            assertThat(Pem.readPublicKey(PemFormat.block("RSA PUBLIC KEY", pkcs1))).isEqualTo(key);
        }

        @Test
        void smallRsaPublicKeysAreRejected() throws Exception {
            String pem = PemFormat.block("PUBLIC KEY", KeyTypeTest.rsaPublicKey(1024).getEncoded());

            assertThatThrownBy(() -> Pem.readPublicKey(pem))
                    .hasMessage("PEM block 'PUBLIC KEY' at line 1: RSA modulus 1024 bits, at least 2048 required");
        }
    }

    @Nested
    class Layout {

        @Test
        void acceptsCrlfAndTextAroundBlocks() {
            String pem = "Subject: test\r\n\r\n" + OpenSslFixtures.P256_PUBLIC.replace("\n", "\r\n") + "trailing text\r\n";

            assertThat(Pem.readPublicKey(pem)).isEqualTo(Pem.readPublicKey(OpenSslFixtures.P256_PUBLIC));
        }

        @Test
        void acceptsIndentedAndReflowedBase64() {
            String pem = OpenSslFixtures.P256_PUBLIC.replace("\n", "\n   ").replace("AQcDQgAE", "AQcD  QgAE");

            assertThat(Pem.readPublicKey(pem)).isEqualTo(Pem.readPublicKey(OpenSslFixtures.P256_PUBLIC));
        }

        @Test
        void readsAKeyOutOfACombinedFile() {
            KeyPair pair = Keys.of(KeyType.EC_P256);
            X509Certificate certificate = TestCertificates.selfSigned("example.com", pair);
            String combined = Pem.encodeCertificates(List.of(certificate)) + Pem.encodePrivateKey(pair.getPrivate());

            assertThat(Pem.readKeyPair(combined).getPublic()).isEqualTo(pair.getPublic());
            assertThat(Pem.readCertificates(combined)).containsExactly(certificate);
        }
    }

    @Nested
    class Malformed {

        @Test
        void emptyInput() {
            assertThatThrownBy(() -> Pem.readKeyPair("")).isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("no PEM data: the input is empty");
            assertThatThrownBy(() -> Pem.readCertificates(" \n\t\n")).isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("no PEM data: the input is empty");
        }

        @Test
        void textWithoutBlocks() {
            assertThatThrownBy(() -> Pem.readPublicKey("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("no PEM block found: expected a '-----BEGIN ...-----' line");
        }

        @Test
        void wrongLabel() {
            String key = Pem.encodePrivateKey(Keys.of(KeyType.EC_P256).getPrivate());
            String certificate = Pem.encodeCertificates(List.of(TestCertificates.selfSigned("x", Keys.of(KeyType.EC_P256))));

            assertThatThrownBy(() -> Pem.readCertificates(key)).isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("no 'CERTIFICATE' block found; found 'PRIVATE KEY' at line 1");
            assertThatThrownBy(() -> Pem.readKeyPair(certificate)).isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("no private key found: expected a 'PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY'"
                            + " block, found 'CERTIFICATE' at line 1");
            assertThatThrownBy(() -> Pem.readPublicKey(key)).isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("no public key found");
            assertThatThrownBy(() -> Pem.readCsr(certificate)).isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("no certificate signing request found");
        }

        @Test
        void unsupportedPrivateKeyFormat() {
            String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

            assertThatThrownBy(() -> Pem.readKeyPair(pem))
                    .hasMessageStartingWith("PEM block 'OPENSSH PRIVATE KEY' at line 1: this private key format is not supported")
                    .hasMessageContaining("ssh-keygen -p -m PKCS8");
        }

        @Test
        void truncatedInput() {
            String pem = Pem.encodePrivateKey(Keys.of(KeyType.RSA_2048).getPrivate());

            assertThatThrownBy(() -> Pem.readKeyPair(pem.substring(0, pem.length() / 2)))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM block 'PRIVATE KEY' at line 1 has no END line (is the input truncated?)");
        }

        @Test
        void truncatedBase64() {
            String pem = Pem.encodePrivateKey(Keys.of(KeyType.RSA_2048).getPrivate());
            List<String> lines = pem.lines().toList();
            // Half the body is gone but the END line is there: the DER inside is cut short.
            String cut = String.join("\n", lines.subList(0, lines.size() / 2)) + "\n" + lines.get(lines.size() - 1) + "\n";

            assertThatThrownBy(() -> Pem.readKeyPair(cut))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("PEM block 'PRIVATE KEY' at line 1: not a valid PKCS#8 PrivateKeyInfo (");
        }

        @Test
        void base64CutMidGroup() {
            // 4k+1 characters cannot be decoded; 4k+2 and 4k+3 are decoded as if padded.
            String pem = "-----BEGIN PUBLIC KEY-----\nMFkwE\n-----END PUBLIC KEY-----\n";

            assertThatThrownBy(() -> Pem.readPublicKey(pem))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("PEM block 'PUBLIC KEY' at line 1: malformed base64");
        }

        @Test
        void invalidBase64Character() {
            String pem = OpenSslFixtures.P256_PUBLIC.replaceFirst("\n(.)", "\n!");

            assertThatThrownBy(() -> Pem.readPublicKey(pem))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM block 'PUBLIC KEY' at line 1: invalid base64 character '!' at line 2");
        }

        @Test
        void mismatchedEndLabel() {
            String pem = OpenSslFixtures.P256_PUBLIC.replace("END PUBLIC KEY", "END PRIVATE KEY");

            assertThatThrownBy(() -> Pem.readPublicKey(pem))
                    .hasMessage("PEM block 'PUBLIC KEY' at line 1: END line at line 4 has label 'PRIVATE KEY'");
        }

        @Test
        void endWithoutBegin() {
            assertThatThrownBy(() -> Pem.readPublicKey("-----END PUBLIC KEY-----\n"))
                    .hasMessage("PEM END line at line 1 has no BEGIN line");
        }

        @Test
        void beginInsideABlock() {
            String pem = OpenSslFixtures.P256_PUBLIC.replace("-----END PUBLIC KEY-----\n", "") + OpenSslFixtures.P256_PUBLIC;

            assertThatThrownBy(() -> Pem.readPublicKey(pem))
                    .hasMessage("PEM block 'PUBLIC KEY' at line 1 has no END line before the BEGIN line at line 4");
        }

        @Test
        void emptyBlock() {
            assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
                    .hasMessage("PEM block 'CERTIFICATE' at line 1: the block is empty");
        }

        @Test
        void twoPrivateKeys() {
            String one = Pem.encodePrivateKey(Keys.of(KeyType.EC_P256).getPrivate());

            long second = one.lines().count() + 1;

            assertThatThrownBy(() -> Pem.readKeyPair(one + one))
                    .hasMessage("found 2 private key blocks (at lines 1, " + second + "), expected exactly one");
        }

        @Test
        void garbageInsideACertificateBlock() {
            assertThatThrownBy(() -> Pem.readCertificates(PemFormat.block("CERTIFICATE", new byte[] {0x30, 0x03, 1, 1, 1})))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessageStartingWith("PEM block 'CERTIFICATE' at line 1: not a valid X.509 certificate");
        }

        @Test
        void messagesNeverContainKeyData() {
            String pem = Pem.encodePrivateKey(Keys.of(KeyType.RSA_2048).getPrivate());
            List<String> lines = pem.lines().toList();
            String cut = String.join("\n", lines.subList(0, 10)) + "\n" + lines.get(lines.size() - 1) + "\n";

            assertThatThrownBy(() -> Pem.readKeyPair(cut)).satisfies(e -> {
                for (String line : lines.subList(1, 10)) {
                    assertThat(e.getMessage()).doesNotContain(line.substring(0, 16));
                }
            });
        }
    }

    @Nested
    class Files_ {

        @TempDir
        Path dir;

        @Test
        void keyPairsRoundTripThroughOwnerOnlyFiles() throws IOException {
            KeyPair pair = Keys.of(KeyType.EC_P384);
            Path file = dir.resolve("keys/domain.key");

            Pem.writeKeyPair(file, pair);

            assertThat(Pem.readKeyPair(file).getPublic()).isEqualTo(pair.getPublic());
            assertThat(Files.readString(file)).isEqualTo(Pem.encodePrivateKey(pair.getPrivate()));
            assumeTrue(posix());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test
        void privateKeysAreWrittenAsPkcs8() throws IOException {
            Path file = dir.resolve("account.key");

            Pem.writePrivateKey(file, Keys.of(KeyType.ED25519).getPrivate());

            assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
            assertThat(Pem.readKeyPair(file).getPublic()).isEqualTo(Keys.of(KeyType.ED25519).getPublic());
        }

        @Test
        void certificatesRoundTripThroughOwnerOnlyFiles() throws IOException {
            X509Certificate certificate = TestCertificates.selfSigned("example.com", Keys.of(KeyType.EC_P256));
            Path file = dir.resolve("chain.pem");

            Pem.writeCertificates(file, List.of(certificate, certificate));

            assertThat(Pem.readCertificates(file)).containsExactly(certificate, certificate);
            assumeTrue(posix());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test
        void fileErrorsNameTheFile() throws IOException {
            Path file = dir.resolve("bad.pem");
            Files.writeString(file, OpenSslFixtures.RSA_1024_PKCS1);

            assertThatThrownBy(() -> Pem.readKeyPair(file))
                    .isInstanceOf(InvalidKeyMaterialException.class)
                    .hasMessage("PEM file " + file + ": PEM block 'RSA PRIVATE KEY' at line 1:"
                            + " RSA modulus 1024 bits, at least 2048 required");
            assertThatThrownBy(() -> Pem.readKeyPair(dir.resolve("missing.pem"))).isInstanceOf(IOException.class);
        }

        private boolean posix() {
            return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        }
    }
}
