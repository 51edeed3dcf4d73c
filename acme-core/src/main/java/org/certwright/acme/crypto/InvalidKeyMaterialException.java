package org.certwright.acme.crypto;

/**
 * Key material given to Certwright cannot be used: malformed PEM or DER, an encrypted or
 * unsupported key, a certificate signing request whose signature does not verify.
 *
 * <p>The message names what was wrong and, for PEM input, where (for example
 * {@code PEM block 'RSA PRIVATE KEY' at line 3: RSA modulus 1024 bits, at least 2048 required}).
 * It never contains key material. Being an {@link IllegalArgumentException}, it signals bad
 * input from the caller rather than an environmental failure; file I/O problems are reported as
 * {@link java.io.IOException} instead.
 */
public class InvalidKeyMaterialException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message saying what was wrong.
     *
     * @param message what was wrong with the key material, without the material itself
     */
    public InvalidKeyMaterialException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message saying what was wrong and the lower-level cause.
     *
     * @param message what was wrong with the key material, without the material itself
     * @param cause   the parser or provider exception that detected the problem
     */
    public InvalidKeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
