package org.certwright.acme.problem;

import java.net.URI;

/**
 * No usable response arrived: the connection failed or was reset, the TLS handshake failed,
 * or the request timed out. The request may or may not have reached the server.
 */
public class AcmeNetworkException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a request that failed with the given cause. */
    public AcmeNetworkException(String message, String method, URI url, Throwable cause) {
        super(message, method, url, -1, cause);
    }
}
