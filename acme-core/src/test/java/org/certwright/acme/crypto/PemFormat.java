package org.certwright.acme.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes PEM blocks for test input independently of {@link Pem}. */
final class PemFormat {

    private PemFormat() {
    }

    static String block(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
