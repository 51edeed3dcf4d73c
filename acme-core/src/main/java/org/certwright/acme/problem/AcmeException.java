package org.certwright.acme.problem;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.certwright.acme.internal.text.SafeText;

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

    /** How much of a URL goes into a message; URLs come from the CA too. */
    private static final int URL_LIMIT = 1000;

    private final String method;
    private final URI url;
    private final int httpStatus;

    /**
     * Creates an exception about a request.
     *
     * @param message    what went wrong; the request is appended. Control and bidi characters are
     *                   escaped and very long messages cut, since messages quote what a CA sent
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

    /**
     * The message with the request appended. Messages quote what the CA sent, so every message is
     * passed through {@link SafeText}: control and bidi characters are escaped, and length is
     * capped, whichever subclass built it.
     */
    private static String withRequest(String message, String method, URI url, int status) {
        String safe = SafeText.clip(message, SafeText.MESSAGE_LIMIT);
        if (method == null && url == null) {
            return safe;
        }
        StringBuilder sb = new StringBuilder(safe).append(" (");
        if (method != null) {
            sb.append(SafeText.clip(method, 20)).append(' ');
        }
        if (url != null) {
            sb.append(SafeText.clip(url.toString(), URL_LIMIT));
        }
        if (status >= 0) {
            sb.append(" -> HTTP ").append(status);
        }
        return sb.append(')').toString();
    }
}
