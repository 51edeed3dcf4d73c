package org.certwright.acme.lifecycle;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a certificate manager remembers about a certificate's ACME Renewal Information (RFC 9773):
 * the last suggested window, the instant chosen inside it, when to ask the CA again, and the CA's
 * explanation URL.
 *
 * <p>The chosen instant is the point of this value: RFC 9773 §4.2 asks a client to pick a random
 * time inside the window, and a client that picked again after each restart, or on each of
 * several instances sharing the work, would in effect renew at the earliest of many picks. So the
 * choice is made once by {@link RenewalPolicy#decide} and persisted with the certificate.
 *
 * <p>Serialisation is left to the store: every field is a plain {@link Instant} or an
 * {@code Optional<URI>}, readable through the accessors and restored with
 * {@link #of(Instant, Instant, Instant, Instant, Optional)}. The state belongs to one
 * certificate; a manager drops it when the certificate is replaced.
 *
 * @since 0.2.0
 */
public final class AriState {

    private final Instant windowStart;
    private final Instant windowEnd;
    private final Instant chosen;
    private final Instant nextCheck;
    private final Optional<URI> explanationUrl;

    private AriState(Instant windowStart, Instant windowEnd, Instant chosen, Instant nextCheck,
                     Optional<URI> explanationUrl) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.chosen = chosen;
        this.nextCheck = nextCheck;
        this.explanationUrl = explanationUrl;
    }

    /**
     * Restores or creates a state.
     *
     * @param windowStart    the start of the CA's suggested window
     * @param windowEnd      the end of the CA's suggested window, after its start
     * @param chosen         the renewal instant chosen inside the window (start and end included)
     * @param nextCheck      when to fetch the renewal information again
     * @param explanationUrl the CA's explanation of the window, if it gave one
     * @return the state
     * @throws IllegalArgumentException if the window is empty or the chosen instant lies outside it
     * @since 0.2.0
     */
    public static AriState of(Instant windowStart, Instant windowEnd, Instant chosen, Instant nextCheck,
                              Optional<URI> explanationUrl) {
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(nextCheck, "nextCheck");
        Objects.requireNonNull(explanationUrl, "explanationUrl");
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("ARI window end " + windowEnd + " is not after its start " + windowStart);
        }
        if (chosen.isBefore(windowStart) || chosen.isAfter(windowEnd)) {
            throw new IllegalArgumentException("chosen ARI renewal time " + chosen + " is outside its window "
                    + windowStart + " .. " + windowEnd);
        }
        return new AriState(windowStart, windowEnd, chosen, nextCheck, explanationUrl);
    }

    /**
     * The start of the CA's suggested renewal window.
     *
     * @return the window's start
     * @since 0.2.0
     */
    public Instant windowStart() {
        return windowStart;
    }

    /**
     * The end of the CA's suggested renewal window.
     *
     * @return the window's end, after its start
     * @since 0.2.0
     */
    public Instant windowEnd() {
        return windowEnd;
    }

    /**
     * The renewal instant chosen once, uniformly at random, inside the window.
     *
     * @return the chosen instant, inside the window
     * @since 0.2.0
     */
    public Instant chosen() {
        return chosen;
    }

    /**
     * When to fetch the renewal information from the CA again.
     *
     * @return the instant of the next fetch
     * @since 0.2.0
     */
    public Instant nextCheck() {
        return nextCheck;
    }

    /**
     * The page on which the CA explains the window, for example a revocation incident.
     *
     * @return the CA's {@code explanationURL}, if it gave one
     * @since 0.2.0
     */
    public Optional<URI> explanationUrl() {
        return explanationUrl;
    }

    /** Whether this state is about the same window as another. */
    boolean sameWindow(Instant start, Instant end) {
        return windowStart.equals(start) && windowEnd.equals(end);
    }

    AriState withNextCheck(Instant next) {
        return new AriState(windowStart, windowEnd, chosen, next, explanationUrl);
    }

    AriState withCheck(Instant next, Optional<URI> explanation) {
        return new AriState(windowStart, windowEnd, chosen, next, explanation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AriState s && windowStart.equals(s.windowStart) && windowEnd.equals(s.windowEnd)
                && chosen.equals(s.chosen) && nextCheck.equals(s.nextCheck) && explanationUrl.equals(s.explanationUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowStart, windowEnd, chosen, nextCheck, explanationUrl);
    }

    @Override
    public String toString() {
        return "AriState[window " + windowStart + " .. " + windowEnd + ", chosen " + chosen + ", next check "
                + nextCheck + explanationUrl.map(u -> ", explanation " + u).orElse("") + "]";
    }
}
