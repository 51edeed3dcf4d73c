package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which expiry warnings have been raised for a certificate: the certificate's {@code notAfter}
 * and the thresholds already reported for it. Keyed by {@code notAfter} so that a renewed
 * certificate starts afresh without anyone having to remember to reset it.
 *
 * <p>Serialisation is left to the store: {@link #notAfter()} and {@link #reported()} are plain
 * fields, restored with {@link #of(Instant, Set)}.
 *
 * @since 0.2.0
 */
public final class ExpiryWarningState {

    private static final ExpiryWarningState NONE = new ExpiryWarningState(Optional.empty(), Set.of());

    private final Optional<Instant> notAfter;
    private final Set<Duration> reported;

    private ExpiryWarningState(Optional<Instant> notAfter, Set<Duration> reported) {
        this.notAfter = notAfter;
        this.reported = reported;
    }

    /**
     * The state before any warning.
     *
     * @return a state with nothing reported
     * @since 0.2.0
     */
    public static ExpiryWarningState none() {
        return NONE;
    }

    /**
     * Restores a state.
     *
     * @param notAfter the {@code notAfter} of the certificate the warnings were about
     * @param reported the thresholds (time left) already reported
     * @return the state
     * @since 0.2.0
     */
    public static ExpiryWarningState of(Instant notAfter, Set<Duration> reported) {
        Objects.requireNonNull(notAfter, "notAfter");
        return new ExpiryWarningState(Optional.of(notAfter), Set.copyOf(Objects.requireNonNull(reported, "reported")));
    }

    /**
     * The {@code notAfter} of the certificate the reported warnings were about.
     *
     * @return the instant, or empty before any warning
     * @since 0.2.0
     */
    public Optional<Instant> notAfter() {
        return notAfter;
    }

    /**
     * The thresholds already reported.
     *
     * @return an immutable set of the time left at each reported threshold
     * @since 0.2.0
     */
    public Set<Duration> reported() {
        return reported;
    }

    /** The thresholds reported for a certificate expiring at {@code certificateNotAfter}. */
    Set<Duration> reportedFor(Instant certificateNotAfter) {
        return notAfter.filter(certificateNotAfter::equals).isPresent() ? reported : Set.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpiryWarningState s && notAfter.equals(s.notAfter) && reported.equals(s.reported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(notAfter, reported);
    }

    @Override
    public String toString() {
        return "ExpiryWarningState[" + notAfter.map(Instant::toString).orElse("none") + ", reported "
                + new TreeSet<>(reported) + "]";
    }
}
