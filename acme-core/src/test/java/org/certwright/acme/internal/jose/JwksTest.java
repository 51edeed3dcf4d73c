package org.certwright.acme.internal.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

class JwksTest {

    @Test
    void rsaKeysHaveOnlyTheirPublicParameters() {
        JWK jwk = Jwks.toJwk(KeyType.RSA_2048.generate().getPublic());

        assertThat(jwk).isInstanceOf(RSAKey.class);
        assertThat(jwk.toJSONObject()).containsOnlyKeys("kty", "n", "e");
        assertThat(jwk.isPrivate()).isFalse();
    }

    @Test
    void ecCoordinatesArePaddedToTheFieldSize() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        // Coordinates below 2^520 are common on P-521 (its field is 521 bits, not 528).
        for (int i = 0; i < 20; i++) {
            ECKey jwk = (ECKey) Jwks.toJwk(generator.generateKeyPair().getPublic());
            assertThat(jwk.getX().decode()).hasSize(66);
            assertThat(jwk.getY().decode()).hasSize(66);
            assertThat(jwk.toJSONObject()).containsOnlyKeys("kty", "crv", "x", "y");
            assertThat(jwk.getCurve().getName()).isEqualTo("P-521");
        }
    }

    @Test
    void ed25519KeysBecomeOctetKeyPairs() {
        JWK jwk = Jwks.toJwk(KeyType.ED25519.generate().getPublic());

        assertThat(jwk).isInstanceOf(OctetKeyPair.class);
        Map<String, Object> json = jwk.toJSONObject();
        assertThat(json).containsOnlyKeys("kty", "crv", "x").containsEntry("kty", "OKP").containsEntry("crv", "Ed25519");
        assertThat(((OctetKeyPair) jwk).getDecodedX()).hasSize(32);
    }

    @Test
    void rejectsKeysWithoutAJwkForm() throws Exception {
        assertThatThrownBy(() -> Jwks.toJwk(KeyPairGenerator.getInstance("DSA").generateKeyPair().getPublic()))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageContaining("'DSA'");
    }
}
