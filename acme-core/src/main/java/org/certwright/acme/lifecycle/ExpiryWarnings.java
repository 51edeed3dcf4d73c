package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which expiry warnings are due for a certificate. Issue 8, §3: "Expiry approaching without
 * success raises an event at 7 days and 1 day left." Each threshold is raised once per
 * certificate: the {@link ExpiryWarningState} remembers what was reported, and a renewed
 * certificate (a different {@code notAfter}) starts afresh. Immutable and thread-safe;
 * {@link #check} is a pure function.
 *
 * @since 0.2.0
 */
public final class ExpiryWarnings {

    private static final ExpiryWarnings DEFAULTS = of(List.of(Duration.ofDays(7), Duration.ofDays(1)));

    private final List<Duration> thresholds;

    private ExpiryWarnings(List<Duration> thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * Warnings at 7 days and 1 day left.
     *
     * @return the default thresholds
     * @since 0.2.0
     */
    public static ExpiryWarnings defaults() {
        return DEFAULTS;
    }

    /**
     * Warnings at the given times left.
     *
     * @param thresholds the time left at which to warn, each zero or positive, no duplicates
     * @return the warnings
     * @throws IllegalArgumentException if there are none, one is negative, or one repeats
     * @since 0.2.0
     */
    public static ExpiryWarnings of(List<Duration> thresholds) {
        Objects.requireNonNull(thresholds, "thresholds");
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("expiry warning thresholds must not be empty");
        }
        if (new HashSet<>(thresholds).size() != thresholds.size()) {
            throw new IllegalArgumentException("expiry warning thresholds repeat: " + thresholds);
        }
        List<Duration> sorted = new ArrayList<>(thresholds);
        for (Duration t : sorted) {
            if (Objects.requireNonNull(t, "threshold").isNegative()) {
                throw new IllegalArgumentException("expiry warning thresholds must not be negative, got " + t);
            }
        }
        sorted.sort(Comparator.reverseOrder());
        return new ExpiryWarnings(List.copyOf(sorted));
    }

    /**
     * The thresholds, largest first.
     *
     * @return the time left at each warning
     * @since 0.2.0
     */
    public List<Duration> thresholds() {
        return thresholds;
    }

    /**
     * Which thresholds the certificate has crossed at {@code now} and that were not yet reported
     * for it. A threshold is crossed when the time left is at most the threshold; one that was
     * passed while nobody was looking (after a restart, say) is still reported.
     *
     * @param validity the certificate's validity period
     * @param state    the persisted warning state
     * @param now      the current instant
     * @return the warnings to raise and the state to persist
     * @since 0.2.0
     */
    public ExpiryWarningCheck check(CertificateValidity validity, ExpiryWarningState state, Instant now) {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        Duration left = validity.remaining(now);
        Set<Duration> before = state.reportedFor(validity.notAfter());
        List<Duration> crossed = thresholds.stream().filter(t -> left.compareTo(t) <= 0)
                .filter(t -> !before.contains(t)).toList();
        if (crossed.isEmpty()) {
            // A state left over from a previous certificate is harmless (it is keyed by notAfter),
            // so it is replaced only when there is something to record.
            return new ExpiryWarningCheck(List.of(), state, false);
        }
        Set<Duration> reported = new HashSet<>(before);
        reported.addAll(crossed);
        ExpiryWarningState next = ExpiryWarningState.of(validity.notAfter(), reported);
        return new ExpiryWarningCheck(crossed, next, true);
    }

    @Override
    public String toString() {
        return "ExpiryWarnings" + thresholds;
    }
}
