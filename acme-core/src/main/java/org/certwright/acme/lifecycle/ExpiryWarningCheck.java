package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link ExpiryWarnings#check}: the warnings to raise now and the state to persist.
 *
 * @since 0.2.0
 */
public final class ExpiryWarningCheck {

    private final List<Duration> newlyCrossed;
    private final ExpiryWarningState state;
    private final boolean stateChanged;

    ExpiryWarningCheck(List<Duration> newlyCrossed, ExpiryWarningState state, boolean stateChanged) {
        this.newlyCrossed = List.copyOf(newlyCrossed);
        this.state = Objects.requireNonNull(state, "state");
        this.stateChanged = stateChanged;
    }

    /**
     * The thresholds crossed and not reported before: raise one warning for each.
     *
     * @return the thresholds (time left), largest first; empty when there is nothing to raise
     * @since 0.2.0
     */
    public List<Duration> newlyCrossed() {
        return newlyCrossed;
    }

    /**
     * The state to persist with the certificate.
     *
     * @return the state, including the thresholds just reported
     * @since 0.2.0
     */
    public ExpiryWarningState state() {
        return state;
    }

    /**
     * Whether {@link #state()} differs from the state the check was given.
     *
     * @return {@code true} if the state must be persisted
     * @since 0.2.0
     */
    public boolean stateChanged() {
        return stateChanged;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpiryWarningCheck c && newlyCrossed.equals(c.newlyCrossed) && state.equals(c.state)
                && stateChanged == c.stateChanged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(newlyCrossed, state, stateChanged);
    }

    @Override
    public String toString() {
        return "ExpiryWarningCheck[newly crossed " + newlyCrossed + ", " + state + "]";
    }
}
