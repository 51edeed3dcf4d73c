package org.certwright.acme.internal.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.impl.ECDSA;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcdsaSignatureFormatTest {

    @ParameterizedTest
    @CsvSource({"secp256r1, SHA256withECDSA, 64", "secp384r1, SHA384withECDSA, 96", "secp521r1, SHA512withECDSA, 132"})
    void agreesWithNimbusInBothDirections(String curve, String algorithm, int length) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        // Enough signatures that some very likely have R or S with a leading zero byte (1 in 256 each).
        for (int i = 0; i < 300; i++) {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(pair.getPrivate());
            signer.update(new byte[] {(byte) i});
            byte[] der = signer.sign();

            byte[] concat = EcdsaSignatureFormat.derToConcat(der, length);

            assertThat(concat).hasSize(length).isEqualTo(ECDSA.transcodeSignatureToConcat(der, length));
            assertThat(EcdsaSignatureFormat.concatToDer(concat)).isEqualTo(ECDSA.transcodeSignatureToDER(concat));
        }
    }

    @Test
    void rejectsWhatIsNotADerSignature() {
        assertThatThrownBy(() -> EcdsaSignatureFormat.derToConcat(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, 64))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("1 elements");
        assertThatThrownBy(() -> EcdsaSignatureFormat.derToConcat(new byte[] {1, 2, 3}, 64))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void rejectsValuesTooLargeForTheCurve() throws Exception {
        byte[] big = new byte[66];
        big[0] = 1;
        byte[] der = EcdsaSignatureFormat.concatToDer(big);

        assertThatThrownBy(() -> EcdsaSignatureFormat.derToConcat(der, 64))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("does not fit in 32 bytes");
    }

    @Test
    void rejectsOddConcatenations() {
        assertThatThrownBy(() -> EcdsaSignatureFormat.concatToDer(new byte[63])).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> EcdsaSignatureFormat.concatToDer(new byte[0])).isInstanceOf(SignatureException.class);
    }

    @Property
    void randomBytesGiveOnlySignatureExceptions(@ForAll byte[] garbage) {
        try {
            EcdsaSignatureFormat.derToConcat(garbage, 64);
        } catch (SignatureException expected) {
            // the only acceptable failure
        }
    }
}
