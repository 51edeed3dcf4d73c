package org.certwright.acme.crypto;

import java.io.IOException;

/**
 * The one place where ASN.1 parsing of untrusted bytes happens, so that whatever Bouncy Castle
 * or the JDK throws on malformed input becomes an {@link InvalidKeyMaterialException}.
 */
final class DerInput {

    /** A parsing step that may throw whatever its library throws. */
    @FunctionalInterface
    interface Parse<T> {
        T apply() throws Exception;
    }

    private DerInput() {
    }

    /**
     * Runs a parsing step.
     *
     * @param what names the expected structure in the message, e.g. "PKCS#8 PrivateKeyInfo"
     */
    static <T> T parse(String what, Parse<T> step) {
        try {
            return step.apply();
        } catch (InvalidKeyMaterialException e) {
            throw e;
        } catch (Exception e) {
            // ASN.1 parsers signal malformed input with a mix of checked and unchecked
            // exceptions (IOException, IllegalArgumentException, IllegalStateException,
            // ClassCastException...); for the caller they all mean the same thing.
            throw new InvalidKeyMaterialException("not a valid " + what + " (" + reason(e) + ")", e);
        }
    }

    /** The exception's message, or its type when it has none. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
