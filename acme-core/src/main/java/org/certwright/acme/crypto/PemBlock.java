package org.certwright.acme.crypto;

import java.util.Locale;
import java.util.Map;

/**
 * One {@code -----BEGIN label-----} ... {@code -----END label-----} block of a PEM text.
 *
 * @param label   the label, e.g. {@code PRIVATE KEY}
 * @param line    the 1-based line of the BEGIN line, for messages
 * @param headers RFC 1421 headers ({@code Proc-Type}, {@code DEK-Info}), normally empty
 * @param der     the decoded body; owned by this block, not copied
 */
record PemBlock(String label, int line, Map<String, String> headers, byte[] der) {

    /** How messages refer to this block: {@code PEM block 'LABEL' at line N}. */
    String describe() {
        return "PEM block '" + label + "' at line " + line;
    }

    /** Whether the block holds an encrypted private key, in PKCS#8 or in OpenSSL's legacy form. */
    boolean isEncrypted() {
        String procType = headers.getOrDefault("Proc-Type", "");
        return "ENCRYPTED PRIVATE KEY".equals(label) || procType.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
    }

    /** An exception about this block, with the block named in front of the reason. */
    InvalidKeyMaterialException fail(String reason) {
        return new InvalidKeyMaterialException(describe() + ": " + reason);
    }

    /** Re-throws a decoding failure with this block named in front of it. */
    InvalidKeyMaterialException fail(InvalidKeyMaterialException e) {
        return new InvalidKeyMaterialException(describe() + ": " + e.getMessage(), e);
    }
}
