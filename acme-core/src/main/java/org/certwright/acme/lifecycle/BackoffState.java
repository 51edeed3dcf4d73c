package org.certwright.acme.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a certificate's attempts have been failing: the number of consecutive failures and the
 * instant before which no new attempt may start. Persisted with the certificate so that a restart
 * does not reset the backoff; computed by {@link FailureBackoff}.
 *
 * <p>Serialisation is left to the store: {@link #consecutiveFailures()} and {@link #notBefore()}
 * are plain fields, restored with {@link #of(int, Instant)} (or {@link #none()} for zero
 * failures).
 *
 * @since 0.2.0
 */
public final class BackoffState {

    private static final BackoffState NONE = new BackoffState(0, Optional.empty());

    private final int consecutiveFailures;
    private final Optional<Instant> notBefore;

    private BackoffState(int consecutiveFailures, Optional<Instant> notBefore) {
        this.consecutiveFailures = consecutiveFailures;
        this.notBefore = notBefore;
    }

    /**
     * The state without failures: an attempt may start at any time.
     *
     * @return the state after a success, or before the first attempt
     * @since 0.2.0
     */
    public static BackoffState none() {
        return NONE;
    }

    /**
     * Restores the state after failures.
     *
     * @param consecutiveFailures the number of failures since the last success, at least 1
     * @param notBefore           the instant before which no attempt may start
     * @return the state
     * @throws IllegalArgumentException if {@code consecutiveFailures} is less than 1
     * @since 0.2.0
     */
    public static BackoffState of(int consecutiveFailures, Instant notBefore) {
        Objects.requireNonNull(notBefore, "notBefore");
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1 (use BackoffState.none()), got "
                    + consecutiveFailures);
        }
        return new BackoffState(consecutiveFailures, Optional.of(notBefore));
    }

    /**
     * The number of failed attempts since the last success.
     *
     * @return zero or more
     * @since 0.2.0
     */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * The instant before which no new attempt may start.
     *
     * @return the instant, or empty when there has been no failure since the last success
     * @since 0.2.0
     */
    public Optional<Instant> notBefore() {
        return notBefore;
    }

    /**
     * Whether an attempt may start at {@code now}.
     *
     * @param now the current instant
     * @return {@code true} if there is no backoff or it has ended
     * @since 0.2.0
     */
    public boolean mayAttemptAt(Instant now) {
        Objects.requireNonNull(now, "now");
        return notBefore.map(t -> !now.isBefore(t)).orElse(true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackoffState s && consecutiveFailures == s.consecutiveFailures && notBefore.equals(s.notBefore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consecutiveFailures, notBefore);
    }

    @Override
    public String toString() {
        return consecutiveFailures == 0 ? "BackoffState[none]"
                : "BackoffState[" + consecutiveFailures + " failures, not before " + notBefore.orElseThrow() + "]";
    }
}
