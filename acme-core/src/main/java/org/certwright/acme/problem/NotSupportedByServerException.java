package org.certwright.acme.problem;

import java.net.URI;

/**
 * The CA does not offer what was asked for: its directory has no such endpoint (for example
 * {@code newAuthz} or {@code renewalInfo}), it does not list the requested profile, or the
 * protocol dialect has no such operation, or it answered a request with {@code 501 Not
 * Implemented} whatever problem type came with it.
 */
public class NotSupportedByServerException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the missing feature. */
    public NotSupportedByServerException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a request the CA answered with {@code 501 Not Implemented}: the
     * endpoint exists in its directory, but the CA does not implement it.
     *
     * @param cause the CA's problem, typed by its document, if it sent one
     * @since 0.2.0
     */
    public NotSupportedByServerException(String message, String method, URI url, int httpStatus,
                                         Throwable cause) {
        super(message, method, url, httpStatus, cause);
    }
}
