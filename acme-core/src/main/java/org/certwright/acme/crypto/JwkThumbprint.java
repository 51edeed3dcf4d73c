package org.certwright.acme.crypto;

import com.nimbusds.jose.JOSEException;
import java.security.PublicKey;
import org.certwright.acme.internal.jose.Jwks;

/**
 * The JWK thumbprint of a public key (RFC 7638): SHA-256 over the key's required JWK members in
 * canonical JSON, base64url-encoded without padding.
 *
 * <p>ACME uses it in key authorizations (RFC 8555 §8.1), and it is a stable, non-secret name for
 * an account key in logs.
 */
public final class JwkThumbprint {

    private JwkThumbprint() {
    }

    /**
     * Computes the SHA-256 JWK thumbprint of a public key.
     *
     * @param key an RSA, EC (P-256, P-384, P-521) or Ed25519 public key
     * @return the 43-character base64url thumbprint
     * @throws InvalidKeyMaterialException if the key has no JWK form
     */
    public static String of(PublicKey key) {
        try {
            return Jwks.toJwk(key).computeThumbprint().toString();
        } catch (JOSEException e) {
            // Only thrown when SHA-256 is missing, which no Java SE runtime allows.
            throw new IllegalStateException("cannot compute a JWK thumbprint", e);
        }
    }
}
