package org.certwright.acme;

import java.time.Duration;
import java.util.Objects;

/**
 * Which failed requests the session repeats on its own.
 *
 * <ul>
 * <li>{@code badNonce} rejections are retried with the nonce from the error response, up to
 *     {@code badNonceRetries} times (RFC 8555 §6.5).</li>
 * <li>Requests that change nothing (GET, HEAD and POST-as-GET) are retried up to
 *     {@code transientRetries} times after a connection failure or a 500, 502, 503 or 504 answer,
 *     waiting {@code Retry-After} when the CA sends it and it is no longer than
 *     {@code maxRetryAfter}, otherwise {@code backoff}, doubling.</li>
 * </ul>
 * Requests that create or change something (new account, new order, finalize, revoke) are never
 * repeated after a network failure, since the first attempt may have taken effect.
 *
 * @param badNonceRetries  how often a {@code badNonce} rejection is retried
 * @param transientRetries how often an idempotent request is retried after a transient failure
 * @param backoff          the first wait before such a retry
 * @param maxRetryAfter    the longest {@code Retry-After} the session waits out by itself
 */
public record RetryPolicy(int badNonceRetries, int transientRetries, Duration backoff, Duration maxRetryAfter) {

    /** The default: 5 nonce retries, 2 transient retries from 250 ms, waiting at most 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 2, Duration.ofMillis(250), Duration.ofSeconds(10));

    /** No retries at all. */
    public static final RetryPolicy NONE = new RetryPolicy(0, 0, Duration.ofMillis(1), Duration.ZERO);

    /** Checks the policy. */
    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (badNonceRetries < 0 || transientRetries < 0) {
            throw new IllegalArgumentException("retry counts must not be negative");
        }
        if (backoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
