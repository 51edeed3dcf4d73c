package org.certwright.acme.problem;

import java.net.URI;

/**
 * The certificate the CA issued does not match what was asked for: its public key is not the
 * CSR's, or it does not name exactly the ordered identifiers. The certificate should not be used.
 */
public class CertificateMismatchException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for the certificate at {@code url}. */
    public CertificateMismatchException(String message, URI url) {
        super(message, "POST", url, -1, null);
    }
}
