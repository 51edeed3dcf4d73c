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
 * @param certificateId  the certificate it is about
 * @param windowStart    the start of the suggested renewal window
 * @param windowEnd      the end of the suggested renewal window (after the start)
 * @param explanationUrl a page explaining why the window is what it is (e.g. a revocation incident)
 * @param retryAfter     when to ask again ({@code Retry-After})
 * @param otherFields    members this library does not model
 */
public record RenewalInfo(CertificateId certificateId, Instant windowStart, Instant windowEnd,
                          Optional<URI> explanationUrl, Optional<Instant> retryAfter,
                          Map<String, Object> otherFields) {

    /** Creates renewal information; the window must not be empty. */
    public RenewalInfo {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(explanationUrl, "explanationUrl");
        Objects.requireNonNull(retryAfter, "retryAfter");
        otherFields = Map.copyOf(otherFields);
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("renewal window end " + windowEnd + " is not after its start " + windowStart);
        }
    }

    /**
     * A renewal time chosen uniformly at random within the window, as RFC 9773 §4.2 recommends so
     * that clients do not all renew at once.
     */
    public Instant selectRenewalTime(RandomGenerator random) {
        long span = Duration.between(windowStart, windowEnd).toMillis();
        return windowStart.plusMillis(span <= 0 ? 0 : random.nextLong(span));
    }

    /** Whether the whole window has begun: renewing at {@code now} is within the CA's advice. */
    public boolean isWithinWindow(Instant now) {
        return !now.isBefore(windowStart);
    }
}
