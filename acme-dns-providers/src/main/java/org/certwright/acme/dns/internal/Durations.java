package org.certwright.acme.dns.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks every provider builder makes of the durations it is given, with one wording. */
public final class Durations {

    private Durations() {
    }

    /**
     * {@code d}, if it is at least one second.
     *
     * @throws IllegalArgumentException naming the setting otherwise
     */
    public static Duration atLeastASecond(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.toSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be at least one second: " + d);
        }
        return d;
    }

    /**
     * {@code d}, if it is zero or more.
     *
     * @throws IllegalArgumentException naming the setting otherwise
     */
    public static Duration notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d;
    }
}
