package org.certwright.acme.problem;

import java.net.URI;
import java.time.Duration;

/**
 * A resource did not reach a final state before the polling deadline. The resource may still
 * complete later; polling it again is safe.
 */
public class PollTimeoutException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final String lastStatus;
    private final Duration timeout;

    /**
     * Creates the exception for a resource that was still in {@code lastStatus} after
     * {@code timeout}. It names the resource but no request method: every poll succeeded (by
     * POST-as-GET in RFC 8555, by GET in the draft dialect); the deadline is the client's own.
     */
    public PollTimeoutException(URI url, String lastStatus, Duration timeout) {
        super("still " + lastStatus + " after " + timeout.toMillis() + " ms of polling", null, url, -1, null);
        this.lastStatus = lastStatus;
        this.timeout = timeout;
    }

    /** The status the resource was last seen in. */
    public String lastStatus() {
        return lastStatus;
    }

    /** How long the session polled. */
    public Duration timeout() {
        return timeout;
    }
}
