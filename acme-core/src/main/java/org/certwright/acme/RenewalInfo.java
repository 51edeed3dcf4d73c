package org.certwright.acme;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The CA's advice on when to renew a certificate (RFC 9773, ACME Renewal Information).
 *
 * <p>An immutable snapshot. Renewal advice objects are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class RenewalInfo {

    private final CertificateId certificateId;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final Optional<URI> explanationUrl;
    private final Optional<Instant> retryAfter;
    private final Map<String, Object> otherFields;

    private RenewalInfo(Builder b) {
        this.certificateId = Objects.requireNonNull(b.certificateId, "certificateId");
        this.windowStart = Objects.requireNonNull(b.windowStart, "windowStart");
        this.windowEnd = Objects.requireNonNull(b.windowEnd, "windowEnd");
        this.explanationUrl = b.explanationUrl;
        this.retryAfter = b.retryAfter;
        this.otherFields = b.otherFields;
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("renewal window end " + windowEnd + " is not after its start " + windowStart);
        }
    }

    /**
     * A builder for a {@link RenewalInfo}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param certificateId the certificate it is about
     * @param windowStart the start of the suggested renewal window
     * @param windowEnd the end of the suggested renewal window (after the start)
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(CertificateId certificateId, Instant windowStart, Instant windowEnd) {
        Builder b = new Builder();
        b.certificateId = Objects.requireNonNull(certificateId, "certificateId");
        b.windowStart = Objects.requireNonNull(windowStart, "windowStart");
        b.windowEnd = Objects.requireNonNull(windowEnd, "windowEnd");
        return b;
    }

    /**
     * A builder holding this resource's values, for a copy with some of them changed.
     *
     * @return the builder
     * @since 0.2.0
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.certificateId = certificateId;
        b.windowStart = windowStart;
        b.windowEnd = windowEnd;
        b.explanationUrl = explanationUrl;
        b.retryAfter = retryAfter;
        b.otherFields = otherFields;
        return b;
    }

    /** The certificate it is about. */
    public CertificateId certificateId() {
        return certificateId;
    }

    /** The start of the suggested renewal window. */
    public Instant windowStart() {
        return windowStart;
    }

    /** The end of the suggested renewal window (after the start). */
    public Instant windowEnd() {
        return windowEnd;
    }

    /** A page explaining why the window is what it is (e.g. a revocation incident). */
    public Optional<URI> explanationUrl() {
        return explanationUrl;
    }

    /** When to ask again ({@code Retry-After}). */
    public Optional<Instant> retryAfter() {
        return retryAfter;
    }

    /** Members this library does not model. */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    /**
     * A renewal time chosen uniformly at random within the window, as RFC 9773 §4.2 recommends so
     * that clients do not all renew at once.
     *
     * @param random the source of randomness
     * @return a time in {@code [windowStart, windowEnd)}
     */
    public Instant selectRenewalTime(RandomGenerator random) {
        long span = Duration.between(windowStart, windowEnd).toMillis();
        return windowStart.plusMillis(span <= 0 ? 0 : random.nextLong(span));
    }

    /**
     * Whether the whole window has begun: renewing at {@code now} is within the CA's advice.
     *
     * @param now the time to check
     * @return whether {@code now} is not before the window's start
     */
    public boolean isWithinWindow(Instant now) {
        return !now.isBefore(windowStart);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof RenewalInfo other
                && certificateId.equals(other.certificateId)
                && windowStart.equals(other.windowStart)
                && windowEnd.equals(other.windowEnd)
                && explanationUrl.equals(other.explanationUrl)
                && retryAfter.equals(other.retryAfter)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificateId, windowStart, windowEnd, explanationUrl, retryAfter, otherFields);
    }

    @Override
    public String toString() {
        return "RenewalInfo["
                + "certificateId=" + certificateId
                + ", windowStart=" + windowStart
                + ", windowEnd=" + windowEnd
                + ", explanationUrl=" + explanationUrl
                + ", retryAfter=" + retryAfter
                + ", otherFields=" + otherFields
                + "]";
    }

    /**
     * Builds a {@link RenewalInfo}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private CertificateId certificateId;
        private Instant windowStart;
        private Instant windowEnd;
        private Optional<URI> explanationUrl = Optional.empty();
        private Optional<Instant> retryAfter = Optional.empty();
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the certificate it is about.
         *
         * @param certificateId the value
         * @return this builder
         */
        public Builder certificateId(CertificateId certificateId) {
            this.certificateId = Objects.requireNonNull(certificateId, "certificateId");
            return this;
        }

        /**
         * Sets the start of the suggested renewal window.
         *
         * @param windowStart the value
         * @return this builder
         */
        public Builder windowStart(Instant windowStart) {
            this.windowStart = Objects.requireNonNull(windowStart, "windowStart");
            return this;
        }

        /**
         * Sets the end of the suggested renewal window (after the start).
         *
         * @param windowEnd the value
         * @return this builder
         */
        public Builder windowEnd(Instant windowEnd) {
            this.windowEnd = Objects.requireNonNull(windowEnd, "windowEnd");
            return this;
        }

        /**
         * Sets a page explaining why the window is what it is (e.g. a revocation incident).
         *
         * @param explanationUrl the value
         * @return this builder
         */
        public Builder explanationUrl(URI explanationUrl) {
            this.explanationUrl = Optional.of(explanationUrl);
            return this;
        }

        /**
         * Sets or clears a page explaining why the window is what it is (e.g. a revocation incident).
         *
         * @param explanationUrl the value, or empty for none
         * @return this builder
         */
        public Builder explanationUrl(Optional<URI> explanationUrl) {
            this.explanationUrl = Objects.requireNonNull(explanationUrl, "explanationUrl");
            return this;
        }

        /**
         * Sets when to ask again ({@code Retry-After}).
         *
         * @param retryAfter the value
         * @return this builder
         */
        public Builder retryAfter(Instant retryAfter) {
            this.retryAfter = Optional.of(retryAfter);
            return this;
        }

        /**
         * Sets or clears when to ask again ({@code Retry-After}).
         *
         * @param retryAfter the value, or empty for none
         * @return this builder
         */
        public Builder retryAfter(Optional<Instant> retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /**
         * Sets members this library does not model.
         *
         * @param otherFields the members, copied
         * @return this builder
         */
        public Builder otherFields(Map<String, Object> otherFields) {
            this.otherFields = Map.copyOf(otherFields);
            return this;
        }

        /**
         * Builds the RenewalInfo.
         *
         * @return a {@link RenewalInfo} with this builder's values
         * @throws IllegalArgumentException if the window end is not after its start
         */
        public RenewalInfo build() {
            return new RenewalInfo(this);
        }
    }
}
