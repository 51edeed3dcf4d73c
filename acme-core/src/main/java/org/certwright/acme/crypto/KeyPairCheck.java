package org.certwright.acme.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Checks that a private key belongs to a public key, by signing a fixed message and verifying
 * it. This works for every key type and every provider, including keys whose parameters cannot
 * be read.
 *
 * @since 0.2.0
 */
public final class KeyPairCheck {

    private static final byte[] PROBE = "certwright key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {
    }

    /**
     * Checks that {@code privateKey} belongs to {@code publicKey}.
     *
     * @param publicKey  the public key, for example a certificate's
     * @param privateKey the private key
     * @throws InvalidKeyMaterialException if the public key's type is unsupported or the private
     *                                     key does not belong to it
     * @since 0.2.0
     */
    public static void requireMatch(PublicKey publicKey, PrivateKey privateKey) {
        KeyType type = KeyType.of(publicKey);
        String algorithm = type.csrSignatureAlgorithm();
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // Typically a private key of another algorithm than the public key.
            throw new InvalidKeyMaterialException("the " + privateKey.getAlgorithm()
                    + " private key cannot sign for the " + type + " public key: " + e.getMessage(), e);
        }
        if (!matches) {
            throw new InvalidKeyMaterialException("the private key does not belong to the " + type + " public key");
        }
    }
}
