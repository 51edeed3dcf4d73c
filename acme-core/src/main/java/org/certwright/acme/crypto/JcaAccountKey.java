package org.certwright.acme.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import org.certwright.acme.internal.jose.EcdsaSignatureFormat;

/** An {@link AccountKey} that signs through the JCA, with a chosen provider or the default ones. */
final class JcaAccountKey implements AccountKey {

    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    /** {@code null} lets the JCA pick, per call, the first provider that accepts the key. */
    private final Provider provider;
    private final KeyType type;
    private final String thumbprint;

    JcaAccountKey(PublicKey publicKey, PrivateKey privateKey, Provider provider) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.provider = provider;
        this.type = KeyType.of(publicKey);
        this.thumbprint = JwkThumbprint.of(publicKey);
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String algorithm() {
        return type.jwsAlgorithm();
    }

    @Override
    public byte[] sign(byte[] signingInput) throws GeneralSecurityException {
        Objects.requireNonNull(signingInput, "signingInput");
        // Signature objects are stateful; a new one per call keeps this class thread-safe.
        String algorithm = type.csrSignatureAlgorithm();
        Signature signature = provider == null
                ? Signature.getInstance(algorithm)
                : Signature.getInstance(algorithm, provider);
        signature.initSign(privateKey);
        signature.update(signingInput);
        byte[] result = signature.sign();
        return type.isEc() ? EcdsaSignatureFormat.derToConcat(result, jwsEcdsaLength(type)) : result;
    }

    @Override
    public String toString() {
        // The thumbprint identifies the key without revealing anything secret.
        return "AccountKey[" + type.jwsAlgorithm() + ", thumbprint " + thumbprint
                + (provider == null ? "" : ", provider " + provider.getName()) + "]";
    }

    /** The RFC 7518 §3.4 length of R || S: twice the byte length of the curve order. */
    private static int jwsEcdsaLength(KeyType type) {
        switch (type) {
            case EC_P256:
                return 64;
            case EC_P384:
                return 96;
            case EC_P521:
                return 132;
            default:
                throw new IllegalArgumentException("not an ECDSA key type: " + type);
        }
    }
}
