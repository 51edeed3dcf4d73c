package org.certwright.acme.store.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it, so that lease expiry can be tested without
 * waiting. Thread-safe.
 *
 * @since 0.2.0
 */
public final class SimulatedClock extends Clock {

    private volatile Instant now;

    /**
     * Creates a clock showing {@code start}.
     *
     * @param start the initial instant
     * @since 0.2.0
     */
    public SimulatedClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; not negative
     * @throws IllegalArgumentException if the duration is negative
     * @since 0.2.0
     */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a simulated clock only moves forward: " + duration);
        }
        now = now.plus(duration);
    }

    /**
     * The current simulated instant.
     *
     * @return the instant
     * @since 0.2.0
     */
    @Override
    public Instant instant() {
        return now;
    }

    /**
     * Always UTC.
     *
     * @return {@link ZoneOffset#UTC}
     * @since 0.2.0
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock: the zone does not matter for instants.
     *
     * @param zone ignored
     * @return this clock
     * @since 0.2.0
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
