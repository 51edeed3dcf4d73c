package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class KeyTypeTest {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatesKeysItRecognises(KeyType type) {
        KeyPair pair = Keys.of(type);

        assertThat(KeyType.of(pair.getPublic())).isEqualTo(type);
    }

    @Test
    void generatedKeysHaveTheAdvertisedParameters() {
        assertThat(((RSAPublicKey) Keys.of(KeyType.RSA_3072).getPublic()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(((RSAPublicKey) Keys.of(KeyType.RSA_2048).getPublic()).getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(((ECPublicKey) Keys.of(KeyType.EC_P384).getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        assertThat(Keys.of(KeyType.ED25519).getPublic().getAlgorithm()).isIn("EdDSA", "Ed25519");
    }

    @ParameterizedTest
    @CsvSource({
        "EC_P256, ES256, SHA256withECDSA",
        "EC_P384, ES384, SHA384withECDSA",
        "EC_P521, ES512, SHA512withECDSA",
        "RSA_2048, RS256, SHA256withRSA",
        "RSA_3072, RS256, SHA256withRSA",
        "RSA_4096, RS256, SHA256withRSA",
        "ED25519, EdDSA, Ed25519",
    })
    void namesItsAlgorithms(KeyType type, String jws, String csr) {
        assertThat(type.jwsAlgorithm()).isEqualTo(jws);
        assertThat(type.csrSignatureAlgorithm()).isEqualTo(csr);
    }

    @ParameterizedTest
    @CsvSource({
        "2048, RSA_2048",
        "2560, RSA_2048",
        "3071, RSA_2048",
        "3072, RSA_3072",
        "4095, RSA_3072",
        "4096, RSA_4096",
        "8192, RSA_4096",
    })
    void mapsRsaSizesToTheLargestTypeNotAbove(int bits, KeyType expected) throws Exception {
        assertThat(KeyType.of(rsaPublicKey(bits))).isEqualTo(expected);
    }

    @Test
    void rejectsSmallAndHugeRsaKeys() throws Exception {
        assertThatThrownBy(() -> KeyType.of(rsaPublicKey(1024)))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("RSA modulus 1024 bits, at least 2048 required");
        assertThatThrownBy(() -> KeyType.of(rsaPublicKey(2047)))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageContaining("2047 bits");
        assertThatThrownBy(() -> KeyType.of(rsaPublicKey(8193)))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("RSA modulus 8193 bits, at most 8192 supported");
    }

    @Test
    void recognisesKeysFromOtherProvidersByTheirParameters() throws Exception {
        // A provider instance, never registered with java.security.Security.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("P-256"));
        PublicKey bcKey = generator.generateKeyPair().getPublic();

        assertThat(bcKey.getClass().getName()).startsWith("org.bouncycastle");
        assertThat(KeyType.of(bcKey)).isEqualTo(KeyType.EC_P256);
    }

    @Test
    void rejectsOtherCurvesEvenOfTheSameSize() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        PublicKey brainpool = generator.generateKeyPair().getPublic();

        assertThatThrownBy(() -> KeyType.of(brainpool))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageContaining("unsupported curve (256-bit field)")
                .hasMessageContaining("P-256, P-384, P-521");
    }

    @Test
    void rejectsOtherAlgorithms() throws Exception {
        assertThatThrownBy(() -> KeyType.of(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic()))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("Ed448 keys are not supported");
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        assertThatThrownBy(() -> KeyType.of(dsa.generateKeyPair().getPublic()))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("unsupported key algorithm 'DSA'");
        assertThatThrownBy(() -> KeyType.of(KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic()))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("unsupported key algorithm");
    }

    /** An RSA public key with a modulus of exactly {@code bits} bits; it need not be a real key. */
    static PublicKey rsaPublicKey(int bits) throws Exception {
        BigInteger modulus = BigInteger.ONE.shiftLeft(bits - 1).setBit(0);
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
    }
}
