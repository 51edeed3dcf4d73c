package org.certwright.acme.problem;

import java.time.Duration;
import java.util.Objects;

/**
 * An issuance did not finish within the deadline its caller set. Everything it had started was
 * stopped and its challenge provisions were removed before this was thrown; the cause, if any, is
 * what the interrupted step failed with.
 *
 * @since 0.2.0
 */
public class IssuanceDeadlineException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final Duration deadline;

    /**
     * Creates the exception.
     *
     * @param deadline the deadline that passed
     * @param cause    what the step that was stopped failed with, or {@code null}
     */
    public IssuanceDeadlineException(Duration deadline, Throwable cause) {
        super("the issuance did not finish within its deadline of " + Objects.requireNonNull(deadline, "deadline")
                + "; it was stopped and its provisions removed", cause);
        this.deadline = deadline;
    }

    /**
     * The deadline that passed.
     *
     * @return the whole issuance's time limit
     */
    public Duration deadline() {
        return deadline;
    }
}
