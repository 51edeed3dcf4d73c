package org.certwright.acme.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;

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
        return type.isEc() ? toConcat(result) : result;
    }

    /** JCA gives ECDSA signatures as DER; JWS wants fixed-length R || S (RFC 7518 §3.4). */
    private byte[] toConcat(byte[] der) throws SignatureException {
        try {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(type.jwsAlgorithm());
            return ECDSA.transcodeSignatureToConcat(der, ECDSA.getSignatureByteArrayLength(algorithm));
        } catch (JOSEException e) {
            throw new SignatureException("cannot convert the " + type + " signature to JWS form: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // The thumbprint identifies the key without revealing anything secret.
        return "AccountKey[" + type.jwsAlgorithm() + ", thumbprint " + thumbprint
                + (provider == null ? "" : ", provider " + provider.getName()) + "]";
    }
}
