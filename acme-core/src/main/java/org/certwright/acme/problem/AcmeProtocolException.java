package org.certwright.acme.problem;

import java.net.URI;

/**
 * The server answered, but not as an ACME server must: an HTML error page, truncated or invalid
 * JSON, a wrong content type, a missing {@code Location} or {@code Replay-Nonce} header, a body
 * over the size limit, or a resource that lacks a required field. The message says which.
 */
public class AcmeProtocolException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for the given request and response status. */
    public AcmeProtocolException(String message, String method, URI url, int httpStatus) {
        super(message, method, url, httpStatus, null);
    }

    /** Creates the exception with an underlying cause, such as a JSON parse error. */
    public AcmeProtocolException(String message, String method, URI url, int httpStatus, Throwable cause) {
        super(message, method, url, httpStatus, cause);
    }
}
