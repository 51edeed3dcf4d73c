package org.certwright.acme.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A key authorization (RFC 8555 §8.1): a challenge token joined to the account key's
 * thumbprint, which proves to the CA that the account holder controls the identifier.
 *
 * <p>The token comes from the CA and is used by responders as a file name and a lookup key,
 * so the constructor admits only base64url tokens ({@code [A-Za-z0-9_-]+}): no dots, slashes,
 * spaces or anything else that could escape a directory or a URL path.
 *
 * @param token      the challenge token, as sent by the CA
 * @param thumbprint the account key's SHA-256 JWK thumbprint (43 base64url characters)
 */
public record KeyAuthorization(String token, String thumbprint) {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int THUMBPRINT_LENGTH = 43;
    private static final int MAX_SHOWN = 40;

    /**
     * Creates a key authorization from a token and a thumbprint.
     *
     * @param token      the challenge token, as sent by the CA
     * @param thumbprint the account key's SHA-256 JWK thumbprint
     * @throws IllegalArgumentException if the token is empty or not base64url, or the thumbprint
     *                                  is not a base64url SHA-256 digest
     */
    public KeyAuthorization {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(thumbprint, "thumbprint");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("challenge token is empty");
        }
        if (!BASE64URL.matcher(token).matches()) {
            int bad = firstNonBase64Url(token);
            throw new IllegalArgumentException("challenge token " + shown(token) + " is not base64url: character "
                    + describe(token.codePointAt(bad)) + " at index " + bad + "; only A-Z a-z 0-9 - _ are allowed");
        }
        if (thumbprint.length() != THUMBPRINT_LENGTH || !BASE64URL.matcher(thumbprint).matches()) {
            throw new IllegalArgumentException("JWK thumbprint " + shown(thumbprint)
                    + " is not a base64url SHA-256 digest (43 characters of A-Z a-z 0-9 - _)");
        }
    }

    /**
     * The key authorization for a challenge token and an account's public key.
     *
     * @param token      the challenge token
     * @param accountKey the account's public key
     * @return the key authorization
     * @throws IllegalArgumentException if the token is empty or not base64url
     */
    public static KeyAuthorization of(String token, PublicKey accountKey) {
        return new KeyAuthorization(token, JwkThumbprint.of(accountKey));
    }

    /**
     * The key authorization string {@code token "." thumbprint}, as served by http-01.
     *
     * @return the key authorization
     */
    public String value() {
        return token + "." + thumbprint;
    }

    /**
     * The dns-01 TXT record value (RFC 8555 §8.4): the base64url SHA-256 digest of
     * {@link #value()}, without padding.
     *
     * @return 43 base64url characters
     */
    public String dnsTxtValue() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest());
    }

    /**
     * The SHA-256 digest of {@link #value()}, carried by the tls-alpn-01 {@code acmeIdentifier}
     * extension (RFC 8737 §3).
     *
     * @return a new 32-byte array
     */
    public byte[] sha256() {
        return digest();
    }

    /**
     * Returns {@link #value()}. The key authorization is not a secret: the CA publishes it to
     * anyone who fetches the challenge.
     */
    @Override
    public String toString() {
        return value();
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static int firstNonBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return i;
            }
        }
        return 0;
    }

    /** Quotes a CA-supplied string for a message, escaping what a log or terminal might misread. */
    private static String shown(String s) {
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().limit(MAX_SHOWN).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '\'' && cp != '\\') {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u%04X", cp));
            }
        });
        sb.append(s.codePointCount(0, s.length()) > MAX_SHOWN ? "...'" : "'");
        return sb.toString();
    }

    private static String describe(int codePoint) {
        String name = codePoint >= 0x21 && codePoint < 0x7f ? "'" + (char) codePoint + "' " : "";
        return name + String.format("(U+%04X)", codePoint);
    }
}
