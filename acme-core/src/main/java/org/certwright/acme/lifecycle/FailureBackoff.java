package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.ProblemException;

/**
 * When to try again after a certificate's attempt failed: a growing, jittered delay per
 * certificate, and the CA's {@code Retry-After} obeyed exactly. Immutable and thread-safe; its
 * functions are pure, so the resulting {@link BackoffState} can be persisted and a restart
 * continues where the backoff left off.
 *
 * <p>Issue 8, §3: "Backoff per certificate with jitter: roughly 1 min, 2, 5, 10, 20, 30 min, then
 * hourly, capped at 6 h; {@code rateLimited} and any {@code Retry-After} are obeyed exactly (never
 * earlier)". The default steps are 1, 2, 5, 10, 20 and 30 minutes, then 1, 2, 3, 4, 5 and 6 hours,
 * growing by an hour until the 6-hour cap, which then repeats. Each step is scaled by a random
 * factor within ±10% (the jitter spreads out certificates that failed together, for instance when
 * the CA was down) and never exceeds the cap. The CA's {@code Retry-After}, when later than the
 * jittered step, is used exactly, without jitter and even beyond the cap, since asking earlier
 * only earns another refusal.
 *
 * @since 0.2.0
 */
public final class FailureBackoff {

    private static final List<Duration> DEFAULT_STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4), Duration.ofHours(5),
            Duration.ofHours(6));
    private static final double DEFAULT_JITTER = 0.1;
    private static final FailureBackoff DEFAULTS = new FailureBackoff(DEFAULT_STEPS, Duration.ofHours(6),
            DEFAULT_JITTER);

    private final List<Duration> steps;
    private final Duration cap;
    private final double jitter;

    private FailureBackoff(List<Duration> steps, Duration cap, double jitter) {
        this.steps = steps;
        this.cap = cap;
        this.jitter = jitter;
    }

    /**
     * The backoff of issue 8: 1, 2, 5, 10, 20, 30 minutes, then hourly growth to a 6-hour cap,
     * with ±10% jitter.
     *
     * @return the default backoff
     * @since 0.2.0
     */
    public static FailureBackoff defaults() {
        return DEFAULTS;
    }

    /**
     * A backoff with its own steps.
     *
     * @param steps  the delay after the first, second, ... failure; the last repeats; each positive
     * @param cap    the longest delay the steps and jitter may reach; positive
     * @param jitter the relative spread of each step, from 0 (none) to below 1
     * @return the backoff
     * @throws IllegalArgumentException if there are no steps, a step or the cap is not positive, or
     *                                  the jitter is outside {@code [0, 1)}
     * @since 0.2.0
     */
    public static FailureBackoff of(List<Duration> steps, Duration cap, double jitter) {
        List<Duration> copy = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("backoff steps must not be empty");
        }
        for (Duration step : copy) {
            if (step.isZero() || step.isNegative()) {
                throw new IllegalArgumentException("backoff steps must be positive, got " + step);
            }
        }
        Objects.requireNonNull(cap, "cap");
        if (cap.isZero() || cap.isNegative()) {
            throw new IllegalArgumentException("backoff cap must be positive, got " + cap);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1), got " + jitter);
        }
        return new FailureBackoff(copy, cap, jitter);
    }

    /**
     * The state after a failed attempt.
     *
     * @param state      the state before the attempt
     * @param failedAt   when the attempt failed
     * @param retryAfter the CA's {@code Retry-After} (for instance of a {@code rateLimited}
     *                   problem), if it sent one
     * @param random     the source of the jitter
     * @return one more consecutive failure, and no attempt before the later of the jittered step
     *         and {@code retryAfter}
     * @since 0.2.0
     */
    public BackoffState onFailure(BackoffState state, Instant failedAt, Optional<Instant> retryAfter,
                                  RandomGenerator random) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(random, "random");
        int failures = state.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE
                : state.consecutiveFailures() + 1;
        Instant backoff = failedAt.plus(delay(failures, random));
        Instant notBefore = retryAfter.filter(backoff::isBefore).orElse(backoff);
        return BackoffState.of(failures, notBefore);
    }

    /**
     * The state after a failed attempt, obeying the {@code Retry-After} that came with a CA's
     * problem document ({@link ProblemException#retryAfter()}); other failures carry none.
     *
     * @param state    the state before the attempt
     * @param failedAt when the attempt failed
     * @param failure  why it failed
     * @param random   the source of the jitter
     * @return the state after the failure
     * @since 0.2.0
     */
    public BackoffState onFailure(BackoffState state, Instant failedAt, AcmeException failure, RandomGenerator random) {
        Objects.requireNonNull(failure, "failure");
        Optional<Instant> retryAfter = failure instanceof ProblemException p ? p.retryAfter() : Optional.empty();
        return onFailure(state, failedAt, retryAfter, random);
    }

    /**
     * The state after a successful attempt: the backoff is over.
     *
     * @return {@link BackoffState#none()}
     * @since 0.2.0
     */
    public BackoffState onSuccess() {
        return BackoffState.none();
    }

    /**
     * The un-jittered step after the given number of consecutive failures.
     *
     * @param consecutiveFailures one or more
     * @return the step, at most the cap
     * @throws IllegalArgumentException if {@code consecutiveFailures} is less than 1
     * @since 0.2.0
     */
    public Duration step(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, got " + consecutiveFailures);
        }
        Duration step = steps.get(Math.min(consecutiveFailures, steps.size()) - 1);
        return step.compareTo(cap) > 0 ? cap : step;
    }

    /**
     * The longest delay between attempts, unless the CA asks for more.
     *
     * @return the cap
     * @since 0.2.0
     */
    public Duration cap() {
        return cap;
    }

    /**
     * The relative spread of each step.
     *
     * @return the jitter, in {@code [0, 1)}
     * @since 0.2.0
     */
    public double jitter() {
        return jitter;
    }

    private Duration delay(int failures, RandomGenerator random) {
        long millis = step(failures).toMillis();
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        long jittered = Math.max(1, Math.round(millis * factor));
        return Duration.ofMillis(Math.min(jittered, cap.toMillis()));
    }

    @Override
    public String toString() {
        return "FailureBackoff[steps " + steps + ", cap " + cap + ", jitter " + jitter + "]";
    }
}
