package org.certwright.acme.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The key that signs ACME requests (RFC 8555 §6.2) and identifies the account.
 *
 * <p>This is an interface so that the private key can live where the application keeps it: in
 * memory ({@link #of(KeyPair)}), behind a JCA provider such as SunPKCS11 for an HSM
 * ({@link #of(PublicKey, PrivateKey, Provider)}), or in a cloud KMS reached by a custom
 * implementation. Implementations must be thread-safe, because one session signs concurrent
 * requests, and their {@code toString} must not reveal private key material.
 */
public interface AccountKey {

    /**
     * The account's public key, sent as the {@code jwk} of new-account and key-change requests
     * and used for thumbprints.
     *
     * @return the public key
     */
    PublicKey publicKey();

    /**
     * The JWS algorithm this key signs with: {@code ES256}, {@code ES384}, {@code ES512},
     * {@code RS256} or {@code EdDSA}.
     *
     * @return the {@code alg} header value
     */
    String algorithm();

    /**
     * Signs a JWS signing input ({@code ASCII(BASE64URL(header) || '.' || BASE64URL(payload))}).
     *
     * @param signingInput the bytes to sign
     * @return the JWS signature: for ECDSA the fixed-length {@code R || S} of RFC 7518 §3.4
     *         (64, 96 or 132 bytes), not DER; for RSA and EdDSA the signature as is
     * @throws GeneralSecurityException if the key or its provider cannot sign
     */
    byte[] sign(byte[] signingInput) throws GeneralSecurityException;

    /**
     * An account key held in memory.
     *
     * @param keyPair a key pair of a {@link KeyType supported type}
     * @return an account key that signs with the JDK's providers
     * @throws InvalidKeyMaterialException if the key type is unsupported or the private key does
     *                                     not belong to the public key
     */
    static AccountKey of(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        PublicKey publicKey = Objects.requireNonNull(keyPair.getPublic(), "keyPair.getPublic()");
        PrivateKey privateKey = Objects.requireNonNull(keyPair.getPrivate(), "keyPair.getPrivate()");
        // A mismatched pair would only show up as a "malformed JWS" problem from the CA.
        KeyPairCheck.requireMatch(publicKey, privateKey);
        return new JcaAccountKey(publicKey, privateKey, null);
    }

    /**
     * An account key whose private key may be a handle into a security provider, for example a
     * PKCS#11 token, that does the signing itself.
     *
     * <p>Nothing is signed until the first request, so that creating the key does not prompt
     * for a token PIN; a private key that does not match the public key is therefore noticed
     * only when the CA rejects the first request.
     *
     * @param publicKey  the public key, of a {@link KeyType supported type}
     * @param privateKey the private key or key handle
     * @param provider   the provider that signs with {@code privateKey}, or {@code null} to let
     *                   the JCA choose one that accepts the key
     * @return an account key that signs with {@code Signature.getInstance(algorithm, provider)}
     * @throws InvalidKeyMaterialException if the public key's type is unsupported
     */
    static AccountKey of(PublicKey publicKey, PrivateKey privateKey, Provider provider) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        return new JcaAccountKey(publicKey, privateKey, provider);
    }
}
