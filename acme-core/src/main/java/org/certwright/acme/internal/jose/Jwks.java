package org.certwright.acme.internal.jose;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.certwright.acme.crypto.InvalidKeyMaterialException;

/**
 * Public keys as JSON Web Keys (RFC 7517), the form the {@code jwk} JWS header and thumbprints
 * need.
 */
public final class Jwks {

    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final int ED25519_KEY_LENGTH = 32;

    private Jwks() {
    }

    /**
     * The public JWK of a key: only the key's own parameters, without {@code kid}, {@code use}
     * or {@code alg}, so that it can go into a JWS header and be thumbprinted as it is.
     *
     * <p>This is a structural conversion; which sizes and curves are acceptable is decided by
     * {@link org.certwright.acme.crypto.KeyType#of(PublicKey)}.
     *
     * @param key an RSA, EC (P-256, P-384, P-521) or Ed25519 public key
     * @return an {@link RSAKey}, {@link ECKey} or {@link OctetKeyPair} holding the public part only
     * @throws InvalidKeyMaterialException if the key is of another algorithm or curve
     */
    public static JWK toJwk(PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAPublicKey) {
            return new RSAKey.Builder((RSAPublicKey) key).build();
        }
        if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new InvalidKeyMaterialException("EC key on a curve that has no JWK name");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawEd25519(key))).build();
    }

    /**
     * The raw 32-byte Ed25519 public key (RFC 8032 encoding): the subjectPublicKey bits of the
     * key's X.509 encoding, which is where every provider puts it.
     */
    private static byte[] rawEd25519(PublicKey key) {
        SubjectPublicKeyInfo spki = subjectPublicKeyInfo(key)
                .filter(info -> ID_ED25519.equals(info.getAlgorithm().getAlgorithm()))
                .orElseThrow(() -> new InvalidKeyMaterialException(
                        "no JWK form for key algorithm '" + key.getAlgorithm() + "'"));
        byte[] raw;
        try {
            raw = spki.getPublicKeyData().getOctets();
        } catch (RuntimeException e) {
            throw new InvalidKeyMaterialException("Ed25519 public key is not a whole number of bytes", e);
        }
        if (raw.length != ED25519_KEY_LENGTH) {
            throw new InvalidKeyMaterialException("Ed25519 public key is " + raw.length + " bytes, expected 32");
        }
        return raw;
    }

    private static Optional<SubjectPublicKeyInfo> subjectPublicKeyInfo(PublicKey key) {
        byte[] encoded = "X.509".equals(key.getFormat()) ? key.getEncoded() : null;
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubjectPublicKeyInfo.getInstance(encoded));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
