package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class JwkThumbprintTest {

    /** RFC 7638 §3.1. */
    static final String RFC7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSo"
            + "c_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMic"
            + "AtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G"
            + "_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    /** RFC 8037 Appendix A.1/A.2. */
    static final String RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    static final String RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    @Test
    void rfc7638Example() throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(RFC7638_N)), BigInteger.valueOf(65537)));

        assertThat(JwkThumbprint.of(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void rfc8037Example() throws Exception {
        assertThat(JwkThumbprint.of(rfc8037PublicKey())).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void isA43CharacterBase64UrlString(KeyType type) {
        assertThat(JwkThumbprint.of(Keys.of(type).getPublic())).matches("[A-Za-z0-9_-]{43}");
    }

    /** The RFC 8037 example public key, wrapped in X.509 SubjectPublicKeyInfo for the JDK. */
    static PublicKey rfc8037PublicKey() throws Exception {
        byte[] spki = Arrays.concatenate(Hex.decode("302a300506032b6570032100"), Base64.getUrlDecoder().decode(RFC8037_X));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
}
