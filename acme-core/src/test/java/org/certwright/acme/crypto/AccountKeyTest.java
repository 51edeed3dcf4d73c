package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.impl.ECDSA;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AccountKeyTest {

    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJmb28iOiJiYXIifQ".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "EC_P256, ES256, 64",
        "EC_P384, ES384, 96",
        "EC_P521, ES512, 132",
        "RSA_2048, RS256, 256",
        "RSA_3072, RS256, 384",
        "RSA_4096, RS256, 512",
        "ED25519, EdDSA, 64",
    })
    void signaturesVerifyWithTheJdk(KeyType type, String algorithm, int length) throws Exception {
        KeyPair pair = Keys.of(type);
        AccountKey key = AccountKey.of(pair);

        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(key.publicKey()).isEqualTo(pair.getPublic());
        // Many ECDSA signatures, so that R or S values with leading zero bytes are likely covered.
        int signatures = type.isEc() ? 100 : 3;
        for (int i = 0; i < signatures; i++) {
            byte[] input = (new String(INPUT, StandardCharsets.US_ASCII) + i).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = key.sign(input);
            assertThat(signature).hasSize(length);
            assertThat(verify(type, pair.getPublic(), input, signature)).isTrue();
        }
    }

    @Test
    void ed25519MatchesRfc8037AppendixA4() throws Exception {
        KeyPair pair = Pem.readKeyPair(Ed25519Fixtures.rfc8037Pkcs8Pem());
        AccountKey key = AccountKey.of(pair);
        byte[] input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc".getBytes(StandardCharsets.US_ASCII);

        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(input))).isEqualTo(
                "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
    }

    @Test
    void signsThroughAGivenProvider() throws Exception {
        KeyPair pair = Keys.of(KeyType.EC_P256);
        AccountKey key = AccountKey.of(pair.getPublic(), pair.getPrivate(), Security.getProvider("SunEC"));

        byte[] signature = key.sign(INPUT);

        assertThat(verify(KeyType.EC_P256, pair.getPublic(), INPUT, signature)).isTrue();
        assertThat(key.toString()).contains("provider SunEC");
    }

    @Test
    void signsThroughTheDefaultProvidersWhenNoneIsGiven() throws Exception {
        KeyPair pair = Keys.of(KeyType.RSA_2048);
        AccountKey key = AccountKey.of(pair.getPublic(), pair.getPrivate(), null);

        assertThat(verify(KeyType.RSA_2048, pair.getPublic(), INPUT, key.sign(INPUT))).isTrue();
    }

    @Test
    void rejectsAMismatchedKeyPair() {
        KeyPair one = Keys.of(KeyType.EC_P256);
        KeyPair other = KeyType.EC_P256.generate();

        assertThatThrownBy(() -> AccountKey.of(new KeyPair(one.getPublic(), other.getPrivate())))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> AccountKey.of(new KeyPair(one.getPublic(), Keys.of(KeyType.RSA_2048).getPrivate())))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageContaining("RSA private key cannot sign");
    }

    @Test
    void rejectsUnsupportedKeys() throws Exception {
        PublicKey small = KeyTypeTest.rsaPublicKey(1024);

        assertThatThrownBy(() -> AccountKey.of(small, Keys.of(KeyType.RSA_2048).getPrivate(), null))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessage("RSA modulus 1024 bits, at least 2048 required");
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        KeyPair ec = Keys.of(KeyType.EC_P256);
        KeyPair rsa = Keys.of(KeyType.RSA_2048);

        String ecText = AccountKey.of(ec).toString();
        String rsaText = AccountKey.of(rsa).toString();

        assertThat(ecText).isEqualTo("AccountKey[ES256, thumbprint " + JwkThumbprint.of(ec.getPublic()) + "]");
        assertThat(ecText).doesNotContain(((ECPrivateKey) ec.getPrivate()).getS().toString())
                .doesNotContain(((ECPrivateKey) ec.getPrivate()).getS().toString(16));
        RSAPrivateCrtKey rsaPrivate = (RSAPrivateCrtKey) rsa.getPrivate();
        assertThat(rsaText).startsWith("AccountKey[RS256, thumbprint ")
                .doesNotContain(rsaPrivate.getPrivateExponent().toString().substring(0, 20))
                .doesNotContain(rsaPrivate.getPrivateExponent().toString(16).substring(0, 20))
                .doesNotContain(Base64.getEncoder().encodeToString(rsaPrivate.getEncoded()).substring(40, 80));
    }

    @Test
    void signsConcurrently() throws Exception {
        KeyPair pair = Keys.of(KeyType.EC_P384);
        AccountKey key = AccountKey.of(pair);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] input = ("request " + i).getBytes(StandardCharsets.US_ASCII);
                results.add(pool.submit(() -> verify(KeyType.EC_P384, pair.getPublic(), input, key.sign(input))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Verifies a JWS signature with the JDK, converting ECDSA's R || S back to DER. */
    static boolean verify(KeyType type, PublicKey key, byte[] input, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(type.csrSignatureAlgorithm());
        verifier.initVerify(key);
        verifier.update(input);
        boolean ecdsa = type == KeyType.EC_P256 || type == KeyType.EC_P384 || type == KeyType.EC_P521;
        return verifier.verify(ecdsa ? ECDSA.transcodeSignatureToDER(signature) : signature);
    }
}
