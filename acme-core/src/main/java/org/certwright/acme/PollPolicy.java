package org.certwright.acme;

import java.time.Duration;
import java.util.Objects;

/**
 * How the session waits for a resource to settle (an authorization being validated, an order
 * being issued).
 *
 * <p>When the CA sends {@code Retry-After}, the session waits that long (but never less than
 * {@code initialInterval}, so a server answering "0" cannot make it spin). Otherwise it polls
 * after {@code initialInterval}, then after intervals growing by {@code multiplier} up to
 * {@code maxInterval}. It gives up with a {@code PollTimeoutException} after {@code timeout}.
 *
 * @param initialInterval the first wait
 * @param multiplier      how much each wait grows (at least 1)
 * @param maxInterval     the longest wait between two polls without {@code Retry-After}
 * @param timeout         how long to poll in total
 */
public record PollPolicy(Duration initialInterval, double multiplier, Duration maxInterval, Duration timeout) {

    /**
     * The default: 25 ms, doubling up to 5 s, for at most 3 minutes. A CA that validates at once
     * (a local or private CA) is seen after one poll; one that takes seconds (a public CA checking
     * from several places) costs a handful of polls more than waiting a second each time would.
     */
    public static final PollPolicy DEFAULT = new PollPolicy(Duration.ofMillis(25), 2.0, Duration.ofSeconds(5),
            Duration.ofMinutes(3));

    /** Checks the policy. */
    public PollPolicy {
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(timeout, "timeout");
        if (initialInterval.isNegative() || initialInterval.isZero()) {
            throw new IllegalArgumentException("initialInterval must be positive");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("maxInterval is shorter than initialInterval");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** This policy with another total timeout. */
    public PollPolicy withTimeout(Duration newTimeout) {
        return new PollPolicy(initialInterval, multiplier, maxInterval, newTimeout);
    }

    /** The wait before poll number {@code attempt} (0-based) when the CA gave no {@code Retry-After}. */
    public Duration interval(int attempt) {
        double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.min(attempt, 64));
        return millis >= maxInterval.toMillis() ? maxInterval : Duration.ofMillis((long) millis);
    }
}
