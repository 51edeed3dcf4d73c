package org.certwright.acme.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one attempt to obtain or renew a managed certificate, kept in its metadata
 * (the last few) for inspection.
 *
 * @param time          when the attempt ended
 * @param succeeded     whether it produced a certificate
 * @param caId          the CA it was made with
 * @param problemType   the ACME problem type of a failure, or the exception's class name when the
 *                      failure was not a CA's problem document; empty on success
 * @param detail        what went wrong, empty on success
 * @param challengeType the last challenge type tried, if any
 * @since 0.2.0
 */
public record AttemptRecord(Instant time, boolean succeeded, String caId, Optional<String> problemType,
                            Optional<String> detail, Optional<String> challengeType) {

    /**
     * Checks the components.
     *
     * @since 0.2.0
     */
    public AttemptRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(caId, "caId");
        Objects.requireNonNull(problemType, "problemType");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(challengeType, "challengeType");
    }
}
