package org.certwright.acme;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * The credentials a CA hands out to bind a new ACME account to an existing account of its own
 * (RFC 8555 §7.3.4), as ZeroSSL, Google Trust Services and many private CAs require.
 *
 * @param keyId     the key identifier the CA gave
 * @param macKey    the MAC key bytes
 * @param algorithm the MAC algorithm: {@code HS256} (the default), {@code HS384} or {@code HS512}
 */
public record ExternalAccountBinding(String keyId, byte[] macKey, String algorithm) {

    private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512");

    /**
     * Creates a binding.
     *
     * @throws IllegalArgumentException if the key id or key is empty or the algorithm is not a MAC
     */
    public ExternalAccountBinding {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(macKey, "macKey");
        Objects.requireNonNull(algorithm, "algorithm");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("external account key id is empty");
        }
        if (macKey.length == 0) {
            throw new IllegalArgumentException("external account MAC key is empty");
        }
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("external account MAC algorithm must be one of " + ALGORITHMS
                    + ", not '" + algorithm + "'");
        }
        macKey = macKey.clone();
    }

    /**
     * A binding with an HS256 MAC and the key as the CA prints it: base64url (RFC 8555 says it
     * SHOULD be), with or without padding; plain base64 is accepted too.
     *
     * @throws IllegalArgumentException if the key is not base64 or base64url
     */
    public static ExternalAccountBinding of(String keyId, String encodedMacKey) {
        return of(keyId, encodedMacKey, "HS256");
    }

    /** A binding with the given MAC algorithm and an encoded key, as in {@link #of(String, String)}. */
    public static ExternalAccountBinding of(String keyId, String encodedMacKey, String algorithm) {
        String normalized = encodedMacKey.strip().replace('+', '-').replace('/', '_').replace("=", "");
        try {
            return new ExternalAccountBinding(keyId, Base64.getUrlDecoder().decode(normalized), algorithm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("external account MAC key is not base64url: " + e.getMessage(), e);
        }
    }

    /** The MAC key bytes (a copy). */
    @Override
    public byte[] macKey() {
        return macKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalAccountBinding other && keyId.equals(other.keyId)
                && Arrays.equals(macKey, other.macKey) && algorithm.equals(other.algorithm);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(macKey), algorithm);
    }

    @Override
    public String toString() {
        return "ExternalAccountBinding[keyId=" + keyId + ", algorithm=" + algorithm + ", macKey=<hidden>]";
    }
}
