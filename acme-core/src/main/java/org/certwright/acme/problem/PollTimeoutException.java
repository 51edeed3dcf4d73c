package org.certwright.acme.problem;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A resource did not reach a final state before the polling deadline. The resource may still
 * complete later; polling it again is safe.
 */
public class PollTimeoutException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final String lastStatus;
    private final Duration timeout;
    private final transient Optional<Problem> lastError;

    /**
     * Creates the exception for a resource that was still in {@code lastStatus} after
     * {@code timeout}. It names the resource but no request method: every poll succeeded (by
     * POST-as-GET in RFC 8555, by GET in the draft dialect); the deadline is the client's own.
     */
    public PollTimeoutException(URI url, String lastStatus, Duration timeout) {
        this(url, lastStatus, timeout, Optional.empty());
    }

    /**
     * Creates the exception for a resource that was still in {@code lastStatus} after
     * {@code timeout}, whose last snapshot carried {@code lastError} (a challenge the CA was still
     * retrying, say): the message says what the CA last reported.
     *
     * @since 0.2.0
     */
    public PollTimeoutException(URI url, String lastStatus, Duration timeout, Optional<Problem> lastError) {
        super("still " + lastStatus + " after " + timeout.toMillis() + " ms of polling"
                + lastError.map(p -> "; the CA last reported " + p.describe()).orElse(""), null, url, -1, null);
        this.lastStatus = lastStatus;
        this.timeout = timeout;
        this.lastError = lastError;
    }

    /** The status the resource was last seen in. */
    public String lastStatus() {
        return lastStatus;
    }

    /**
     * The last error the CA reported on the resource (or one of its challenges) while it was not
     * settled, if any.
     *
     * @since 0.2.0
     */
    public Optional<Problem> lastError() {
        return lastError;
    }

    /** How long the session polled. */
    public Duration timeout() {
        return timeout;
    }
}
