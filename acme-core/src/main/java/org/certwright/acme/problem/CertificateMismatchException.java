package org.certwright.acme.problem;

import java.net.URI;

/**
 * The certificate the CA issued does not match what was asked for: its public key is not the
 * CSR's, or it does not name exactly the ordered identifiers. The certificate should not be used.
 */
public class CertificateMismatchException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the certificate at {@code url}. The check is local, after the
     * download, so no request method is named: the download's own (POST-as-GET in RFC 8555, GET
     * in the draft dialect) is not what failed.
     */
    public CertificateMismatchException(String message, URI url) {
        super(message, null, url, -1, null);
    }
}
