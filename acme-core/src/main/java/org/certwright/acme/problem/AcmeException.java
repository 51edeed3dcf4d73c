package org.certwright.acme.problem;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of every failure this library reports. It names, where known, the request that failed:
 * its HTTP method, URL and the status the server answered with.
 *
 * <p>Subclasses say what kind of failure it was: {@link ProblemException} for a problem document
 * from the CA, {@link AcmeProtocolException} for a response that is not proper ACME,
 * {@link AcmeNetworkException} when no response arrived, {@link PollTimeoutException} when a
 * resource did not settle in time.
 */
public class AcmeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final URI url;
    private final int httpStatus;

    /**
     * Creates an exception about a request.
     *
     * @param message    what went wrong; the request is appended
     * @param method     the HTTP method, or {@code null} if no request is involved
     * @param url        the request URL, or {@code null}
     * @param httpStatus the response status, or {@code -1} if there was no response
     * @param cause      the underlying failure, or {@code null}
     */
    public AcmeException(String message, String method, URI url, int httpStatus, Throwable cause) {
        super(withRequest(message, method, url, httpStatus), cause);
        this.method = method;
        this.url = url;
        this.httpStatus = httpStatus;
    }

    /** Creates an exception that is not about a particular request. */
    public AcmeException(String message) {
        this(message, null, null, -1, null);
    }

    /** Creates an exception that is not about a particular request, with its cause. */
    public AcmeException(String message, Throwable cause) {
        this(message, null, null, -1, cause);
    }

    /** The HTTP method of the failed request. */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /** The URL of the failed request. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** The HTTP status of the response, if one arrived. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    private static String withRequest(String message, String method, URI url, int status) {
        if (method == null && url == null) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message).append(" (");
        if (method != null) {
            sb.append(method).append(' ');
        }
        if (url != null) {
            sb.append(url);
        }
        if (status >= 0) {
            sb.append(" -> HTTP ").append(status);
        }
        return sb.append(')').toString();
    }
}
