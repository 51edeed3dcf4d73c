package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.certwright.acme.RenewalInfo;

/**
 * When to renew a certificate: ARI first, then a fraction of the lifetime, never later than a
 * safety floor. Immutable and thread-safe; {@link #decide} is a pure function of its arguments, so
 * every instance sharing a store reaches the same decision.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li><b>Expired</b>: a certificate past its {@code notAfter} is renewed at once.</li>
 *   <li><b>ARI first</b> (RFC 9773): "choose one uniformly random instant inside
 *       {@code suggestedWindow} and persist it with the certificate, so restarts and other
 *       instances keep the same choice; [...] if the window moves, choose again inside the new
 *       one. A window that is already in the past (the CA plans to revoke) means renew now."
 *       The choice is kept in an {@link AriState}; a chosen instant already in the past means
 *       renew now, as RFC 9773 §4.2 says.</li>
 *   <li><b>Fallback without ARI</b>: "renew when one third of the lifetime remains; when half
 *       remains for lifetimes of 10 days or less" (Let's Encrypt's 6-day and 160-hour
 *       certificates).</li>
 *   <li><b>Safety floor</b>: "renew no later than when 1/20 of the lifetime remains, whatever ARI
 *       says."</li>
 * </ol>
 * ARI is asked again as its {@code Retry-After} says, "clamped to between 1 hour and 1 day when
 * missing or absurd"; when it is missing the default is 6 hours, which keeps to Let's Encrypt's
 * advice to check at least twice a day.
 *
 * <p>A manager calls it like this: when {@link #isAriCheckDue} says so and the issuing CA offers
 * {@code renewalInfo}, fetch it; then call {@link #decide} with the stored state and the fresh
 * information (empty if the CA offers none or fetching failed); persist
 * {@link RenewalDecision#ariState()} when {@link RenewalDecision#ariStateChanged()}; renew when
 * {@link RenewalDecision#isDue()}, otherwise wake at the earlier of
 * {@link RenewalDecision#renewAt()} and {@link RenewalDecision#nextAriCheck()}.
 *
 * @since 0.2.0
 */
public final class RenewalPolicy {

    private static final RenewalPolicy DEFAULTS = builder().build();

    private final double remainingFraction;
    private final Duration shortLivedMaxLifetime;
    private final double shortLivedRemainingFraction;
    private final double safetyFloorFraction;
    private final Duration ariMinRecheck;
    private final Duration ariDefaultRecheck;
    private final Duration ariMaxRecheck;

    private RenewalPolicy(Builder b) {
        this.remainingFraction = b.remainingFraction;
        this.shortLivedMaxLifetime = b.shortLivedMaxLifetime;
        this.shortLivedRemainingFraction = b.shortLivedRemainingFraction;
        this.safetyFloorFraction = b.safetyFloorFraction;
        this.ariMinRecheck = b.ariMinRecheck;
        this.ariDefaultRecheck = b.ariDefaultRecheck;
        this.ariMaxRecheck = b.ariMaxRecheck;
    }

    /**
     * The policy of issue 8: renew with 1/3 of the lifetime left (1/2 for lifetimes of 10 days or
     * less), never later than 1/20, re-check ARI after 1 hour to 1 day (6 hours without
     * {@code Retry-After}).
     *
     * @return the default policy
     * @since 0.2.0
     */
    public static RenewalPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A builder that starts from the defaults.
     *
     * @return a new builder
     * @since 0.2.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether it is time to fetch renewal information: there is no stored state yet, or its
     * {@link AriState#nextCheck()} has come.
     *
     * @param stored the persisted ARI state, if any
     * @param now    the current instant
     * @return {@code true} to fetch ARI (if the CA offers it) before calling {@link #decide}
     * @since 0.2.0
     */
    public boolean isAriCheckDue(Optional<AriState> stored, Instant now) {
        Objects.requireNonNull(now, "now");
        return Objects.requireNonNull(stored, "stored").map(s -> !s.nextCheck().isAfter(now)).orElse(true);
    }

    /**
     * Decides when to renew a certificate.
     *
     * <p>With fresh renewal information, a window equal to the stored one keeps the stored choice
     * (only the next check and the explanation URL are updated); a different window, or no stored
     * state, gets a new uniformly random choice inside it. Without fresh information the stored
     * state is used as it is, except that a next check that has already come (the fetch was not
     * made or failed) is moved to the minimum re-check interval from now, so that a failing CA is
     * not asked in a tight loop.
     *
     * @param validity    the certificate's validity period
     * @param stored      the persisted ARI state for this certificate, if any
     * @param fresh       renewal information just fetched from the issuing CA, if any
     * @param now         the instant of the decision
     * @param random      the source of the random choice inside a new window
     * @return the decision
     * @since 0.2.0
     */
    public RenewalDecision decide(CertificateValidity validity, Optional<AriState> stored,
                                  Optional<RenewalInfo> fresh, Instant now, RandomGenerator random) {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(fresh, "fresh");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(random, "random");

        Optional<AriState> ari = fresh.map(info -> fromFresh(info, stored, now, random))
                .or(() -> stored.map(s -> s.nextCheck().isAfter(now) ? s : s.withNextCheck(now.plus(ariMinRecheck))));
        Instant nextAriCheck = ari.map(AriState::nextCheck).orElse(now.plus(ariMinRecheck));
        boolean changed = !ari.equals(stored);

        if (now.isAfter(validity.notAfter())) {
            return new RenewalDecision(now, RenewalReason.EXPIRED, true, ari, changed, nextAriCheck);
        }
        if (ari.isPresent() && ari.get().windowEnd().isBefore(now)) {
            return new RenewalDecision(now, RenewalReason.ARI_WINDOW_PASSED, true, ari, changed, nextAriCheck);
        }
        Instant renewAt;
        RenewalReason reason;
        if (ari.isPresent()) {
            renewAt = ari.get().chosen();
            reason = RenewalReason.ARI_WINDOW;
        } else {
            boolean shortLived = validity.lifetime().compareTo(shortLivedMaxLifetime) <= 0;
            renewAt = validity.whenRemaining(shortLived ? shortLivedRemainingFraction : remainingFraction);
            reason = RenewalReason.LIFETIME_RATIO;
        }
        Instant floor = validity.whenRemaining(safetyFloorFraction);
        if (renewAt.isAfter(floor)) {
            renewAt = floor;
            reason = RenewalReason.SAFETY_FLOOR;
        }
        return new RenewalDecision(renewAt, reason, !renewAt.isAfter(now), ari, changed, nextAriCheck);
    }

    private AriState fromFresh(RenewalInfo info, Optional<AriState> stored, Instant now, RandomGenerator random) {
        Instant next = clampRecheck(info.retryAfter(), now);
        if (stored.isPresent() && stored.get().sameWindow(info.windowStart(), info.windowEnd())) {
            return stored.get().withCheck(next, info.explanationUrl());
        }
        Instant chosen = info.selectRenewalTime(random);
        return AriState.of(info.windowStart(), info.windowEnd(), chosen, next, info.explanationUrl());
    }

    /**
     * When to fetch ARI again, given the CA's {@code Retry-After}: the CA's instant clamped to the
     * minimum and maximum re-check intervals from {@code now}, or the default interval when the
     * CA gave none.
     *
     * @param retryAfter the CA's {@code Retry-After}, if any
     * @param now        the instant the information was fetched
     * @return the instant of the next fetch
     * @since 0.2.0
     */
    public Instant nextAriCheck(Optional<Instant> retryAfter, Instant now) {
        return clampRecheck(Objects.requireNonNull(retryAfter, "retryAfter"), Objects.requireNonNull(now, "now"));
    }

    private Instant clampRecheck(Optional<Instant> retryAfter, Instant now) {
        Instant min = now.plus(ariMinRecheck);
        Instant max = now.plus(ariMaxRecheck);
        Instant wanted = retryAfter.orElse(now.plus(ariDefaultRecheck));
        return wanted.isBefore(min) ? min : wanted.isAfter(max) ? max : wanted;
    }

    /**
     * The fraction of the lifetime left at which a certificate without ARI advice is renewed.
     *
     * @return the fraction, 1/3 by default
     * @since 0.2.0
     */
    public double remainingFraction() {
        return remainingFraction;
    }

    /**
     * The longest lifetime that counts as short-lived.
     *
     * @return the lifetime, 10 days by default
     * @since 0.2.0
     */
    public Duration shortLivedMaxLifetime() {
        return shortLivedMaxLifetime;
    }

    /**
     * The fraction of the lifetime left at which a short-lived certificate without ARI advice is
     * renewed.
     *
     * @return the fraction, 1/2 by default
     * @since 0.2.0
     */
    public double shortLivedRemainingFraction() {
        return shortLivedRemainingFraction;
    }

    /**
     * The fraction of the lifetime left by which a certificate is renewed whatever ARI says.
     *
     * @return the fraction, 1/20 by default
     * @since 0.2.0
     */
    public double safetyFloorFraction() {
        return safetyFloorFraction;
    }

    /**
     * The shortest interval between two ARI fetches.
     *
     * @return the interval, 1 hour by default
     * @since 0.2.0
     */
    public Duration ariMinRecheck() {
        return ariMinRecheck;
    }

    /**
     * The interval between two ARI fetches when the CA sends no {@code Retry-After}.
     *
     * @return the interval, 6 hours by default
     * @since 0.2.0
     */
    public Duration ariDefaultRecheck() {
        return ariDefaultRecheck;
    }

    /**
     * The longest interval between two ARI fetches.
     *
     * @return the interval, 1 day by default
     * @since 0.2.0
     */
    public Duration ariMaxRecheck() {
        return ariMaxRecheck;
    }

    @Override
    public String toString() {
        return "RenewalPolicy[remaining " + remainingFraction + ", short-lived (<= " + shortLivedMaxLifetime + ") "
                + shortLivedRemainingFraction + ", floor " + safetyFloorFraction + ", ARI re-check " + ariMinRecheck
                + " .. " + ariMaxRecheck + " (default " + ariDefaultRecheck + ")]";
    }

    /**
     * Builds a {@link RenewalPolicy}; every setting starts at its default.
     *
     * @since 0.2.0
     */
    public static final class Builder {

        private double remainingFraction = 1.0 / 3;
        private Duration shortLivedMaxLifetime = Duration.ofDays(10);
        private double shortLivedRemainingFraction = 1.0 / 2;
        private double safetyFloorFraction = 1.0 / 20;
        private Duration ariMinRecheck = Duration.ofHours(1);
        private Duration ariDefaultRecheck = Duration.ofHours(6);
        private Duration ariMaxRecheck = Duration.ofDays(1);

        private Builder() {
        }

        /**
         * Renew a certificate without ARI advice when this fraction of its lifetime remains.
         *
         * @param fraction between 0 and 1, exclusive; default 1/3
         * @return this builder
         * @throws IllegalArgumentException if the fraction is not strictly between 0 and 1
         * @since 0.2.0
         */
        public Builder remainingFraction(double fraction) {
            this.remainingFraction = fraction("remainingFraction", fraction);
            return this;
        }

        /**
         * Renew a certificate whose lifetime is at most {@code maxLifetime}, and has no ARI
         * advice, when {@code fraction} of its lifetime remains.
         *
         * @param maxLifetime the longest short-lived lifetime, positive; default 10 days
         * @param fraction    between 0 and 1, exclusive; default 1/2
         * @return this builder
         * @throws IllegalArgumentException if the lifetime is not positive or the fraction not
         *                                  strictly between 0 and 1
         * @since 0.2.0
         */
        public Builder shortLived(Duration maxLifetime, double fraction) {
            this.shortLivedMaxLifetime = positive("shortLived maxLifetime", maxLifetime);
            this.shortLivedRemainingFraction = fraction("shortLived fraction", fraction);
            return this;
        }

        /**
         * Renew every certificate, whatever ARI says, no later than when this fraction of its
         * lifetime remains.
         *
         * @param fraction between 0 and 1, exclusive; default 1/20
         * @return this builder
         * @throws IllegalArgumentException if the fraction is not strictly between 0 and 1
         * @since 0.2.0
         */
        public Builder safetyFloorFraction(double fraction) {
            this.safetyFloorFraction = fraction("safetyFloorFraction", fraction);
            return this;
        }

        /**
         * The bounds of the interval between two ARI fetches, and the interval used when the CA
         * sends no {@code Retry-After}.
         *
         * @param min         the shortest interval, positive; default 1 hour
         * @param whenMissing the interval without {@code Retry-After}; default 6 hours
         * @param max         the longest interval; default 1 day
         * @return this builder
         * @throws IllegalArgumentException unless {@code 0 < min <= whenMissing <= max}
         * @since 0.2.0
         */
        public Builder ariRecheck(Duration min, Duration whenMissing, Duration max) {
            positive("ariRecheck min", min);
            Objects.requireNonNull(whenMissing, "whenMissing");
            Objects.requireNonNull(max, "max");
            if (whenMissing.compareTo(min) < 0 || max.compareTo(whenMissing) < 0) {
                throw new IllegalArgumentException("ARI re-check intervals must satisfy min <= whenMissing <= max, got "
                        + min + ", " + whenMissing + ", " + max);
            }
            this.ariMinRecheck = min;
            this.ariDefaultRecheck = whenMissing;
            this.ariMaxRecheck = max;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return an immutable policy
         * @since 0.2.0
         */
        public RenewalPolicy build() {
            return new RenewalPolicy(this);
        }

        private static double fraction(String name, double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException(name + " must be strictly between 0 and 1, got " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
