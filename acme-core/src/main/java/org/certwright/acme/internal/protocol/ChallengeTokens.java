package org.certwright.acme.internal.protocol;

import java.util.Optional;
import java.util.function.Function;
import org.certwright.acme.internal.json.JsonObject;
import org.certwright.acme.problem.AcmeProtocolException;

/**
 * The syntax a challenge token from a CA must have before anything is built from it. Tokens end
 * up as file names, URL paths, DNS record content and map keys in responders, so they are checked
 * once, when a challenge is parsed, and a bad one fails the response it came in.
 *
 * <p>RFC 8555 (§8.3, §8.4, and every type built on them): only the base64url alphabet
 * {@code A-Z a-z 0-9 - _}, no padding, not empty; this library also caps the length at
 * {@value #MAX_LENGTH} characters, the longest name common file systems accept. The RFC's
 * "SHOULD contain at least 128 bits of entropy" is the CA's protection against guessing, not the
 * client's, and cannot be measured from the text: shorter tokens are accepted.
 *
 * <p>draft-barnes-acme: a token is content, never a path (the simpleHttps file's body, the dns
 * TXT record; the simpleHttps path is chosen by the client), and the draft asks only that it be
 * ASCII; its examples use standard base64 with {@code +}. It must be printable ASCII without
 * spaces ({@code !} to {@code ~}), not empty, at most {@value #MAX_LENGTH} characters (one TXT
 * string).
 */
public final class ChallengeTokens {

    /** The longest token accepted, in characters. */
    public static final int MAX_LENGTH = 255;

    private ChallengeTokens() {
    }

    /**
     * What is wrong with an RFC 8555 token.
     *
     * @return a description of the first fault, or empty if the token is well-formed
     */
    public static Optional<String> rfc8555Fault(String token) {
        if (token.isEmpty()) {
            return Optional.of("is not a base64url token: it is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!isBase64Url(c)) {
                return Optional.of("is not a base64url token (RFC 8555 §8.3): character " + describe(token, i)
                        + " at index " + i + "; only A-Z a-z 0-9 - _ are allowed");
            }
        }
        return tooLong(token);
    }

    /**
     * What is wrong with a draft-barnes-acme token.
     *
     * @return a description of the first fault, or empty if the token is acceptable
     */
    public static Optional<String> draftFault(String token) {
        if (token.isEmpty()) {
            return Optional.of("is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '!' || c > '~') {
                return Optional.of("is not printable ASCII: character " + describe(token, i) + " at index " + i);
            }
        }
        return tooLong(token);
    }

    /**
     * The {@code token} member of a challenge, refused with the member named when {@code rule}
     * ({@link #rfc8555Fault} or {@link #draftFault}) finds a fault in it.
     */
    public static Optional<String> read(JsonObject challenge, Function<String, Optional<String>> rule)
            throws AcmeProtocolException {
        Optional<String> token = challenge.string("token");
        if (token.isPresent()) {
            Optional<String> fault = rule.apply(token.get());
            if (fault.isPresent()) {
                throw challenge.invalidMember("token", fault.get());
            }
        }
        return token;
    }

    private static Optional<String> tooLong(String token) {
        return token.length() > MAX_LENGTH
                ? Optional.of("is " + token.length() + " characters long, more than the " + MAX_LENGTH + " allowed")
                : Optional.empty();
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String describe(String token, int index) {
        int cp = token.codePointAt(index);
        return cp >= 0x21 && cp <= 0x7e ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
    }
}
