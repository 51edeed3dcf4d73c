package org.certwright.acme.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RenewalPolicy#decide} concluded for one certificate at one instant: when to renew
 * and why, whether that is now, the ARI state to persist and when to ask the CA for ARI again.
 *
 * @since 0.2.0
 */
public final class RenewalDecision {

    private final Instant renewAt;
    private final RenewalReason reason;
    private final boolean due;
    private final Optional<AriState> ariState;
    private final boolean ariStateChanged;
    private final Instant nextAriCheck;

    RenewalDecision(Instant renewAt, RenewalReason reason, boolean due, Optional<AriState> ariState,
                    boolean ariStateChanged, Instant nextAriCheck) {
        this.renewAt = Objects.requireNonNull(renewAt, "renewAt");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.due = due;
        this.ariState = Objects.requireNonNull(ariState, "ariState");
        this.ariStateChanged = ariStateChanged;
        this.nextAriCheck = Objects.requireNonNull(nextAriCheck, "nextAriCheck");
    }

    /**
     * When to renew. For {@link RenewalReason#ARI_WINDOW_PASSED} and {@link RenewalReason#EXPIRED}
     * it is the instant of the decision; otherwise it may lie in the past, when the renewal is
     * overdue.
     *
     * @return the renewal instant
     * @since 0.2.0
     */
    public Instant renewAt() {
        return renewAt;
    }

    /**
     * Which rule chose {@link #renewAt()}.
     *
     * @return the reason
     * @since 0.2.0
     */
    public RenewalReason reason() {
        return reason;
    }

    /**
     * Whether the renewal is due at the instant of the decision, that is {@link #renewAt()} is not
     * after it.
     *
     * @return {@code true} to renew now
     * @since 0.2.0
     */
    public boolean isDue() {
        return due;
    }

    /**
     * The ARI state to persist with the certificate, replacing the stored one.
     *
     * @return the state, or empty when neither a stored state nor fresh renewal information was
     *         given
     * @since 0.2.0
     */
    public Optional<AriState> ariState() {
        return ariState;
    }

    /**
     * Whether {@link #ariState()} differs from the state the decision was given, so that a
     * manager writes to its store only when there is something new.
     *
     * @return {@code true} if the state must be persisted
     * @since 0.2.0
     */
    public boolean ariStateChanged() {
        return ariStateChanged;
    }

    /**
     * When to fetch renewal information from the CA next. A manager whose CA offers no
     * {@code renewalInfo} ignores it.
     *
     * @return the next ARI check, never before the decision's instant
     * @since 0.2.0
     */
    public Instant nextAriCheck() {
        return nextAriCheck;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenewalDecision d && renewAt.equals(d.renewAt) && reason == d.reason && due == d.due
                && ariState.equals(d.ariState) && ariStateChanged == d.ariStateChanged
                && nextAriCheck.equals(d.nextAriCheck);
    }

    @Override
    public int hashCode() {
        return Objects.hash(renewAt, reason, due, ariState, ariStateChanged, nextAriCheck);
    }

    @Override
    public String toString() {
        return "RenewalDecision[renew at " + renewAt + " (" + reason + ")" + (due ? ", due" : "")
                + ", next ARI check " + nextAriCheck + ariState.map(s -> ", " + s).orElse("")
                + (ariStateChanged ? ", changed" : "") + "]";
    }
}
