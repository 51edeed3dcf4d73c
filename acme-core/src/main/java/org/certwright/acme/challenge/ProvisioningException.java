package org.certwright.acme.challenge;

import java.net.URI;
import org.certwright.acme.problem.AcmeException;

/**
 * A responder could not provision or remove what a challenge needs: a file could not be written,
 * a port could not be bound, a DNS API refused the record, a record did not propagate in time.
 */
public class ProvisioningException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProvisioningException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception about a request to a service that provisions (a DNS hosting API), so
     * that {@link #method()}, {@link #url()} and {@link #httpStatus()} name it.
     *
     * @param message    what went wrong; the request is appended
     * @param method     the HTTP method, or {@code null}
     * @param url        the request URL (holding no credential), or {@code null}
     * @param httpStatus the response status, or {@code -1} if there was no response
     * @param cause      the underlying failure, or {@code null}
     * @since 0.2.0
     */
    public ProvisioningException(String message, String method, URI url, int httpStatus, Throwable cause) {
        super(message, method, url, httpStatus, cause);
    }
}
