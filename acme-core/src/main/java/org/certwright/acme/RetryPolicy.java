package org.certwright.acme;

import java.time.Duration;
import java.util.Objects;

/**
 * Which failed requests the session repeats on its own, and for how long.
 *
 * <ul>
 * <li>{@code badNonce} rejections are retried with the nonce from the error response, up to
 *     {@code badNonceRetries} times (RFC 8555 §6.5). A rejected nonce means the request had no
 *     effect, and some CAs reject nonces at random (Pebble rejects 5% by default), so the default
 *     is generous: a run of rejections should never cost an order.</li>
 * <li>Requests that change nothing (GET, HEAD and POST-as-GET) are retried up to
 *     {@code transientRetries} times after a connection failure or a 500, 502, 503 or 504 answer,
 *     waiting {@code Retry-After} when the CA sends it and it is no longer than
 *     {@code maxRetryAfter}, otherwise {@code backoff}, doubling.</li>
 * <li>Whatever the counts allow, no retry (and no wait before one) starts later than
 *     {@code retryWindow} after the operation's first request. Each exchange is bounded by the
 *     session's request timeout, so one operation ends within {@code retryWindow} plus one
 *     request timeout.</li>
 * </ul>
 * Requests that create or change something (new account, new order, finalize, revoke) are never
 * repeated after a network failure, since the first attempt may have taken effect.
 *
 * @param badNonceRetries  how often a {@code badNonce} rejection is retried
 * @param transientRetries how often an idempotent request is retried after a transient failure
 * @param backoff          the first wait before such a retry
 * @param maxRetryAfter    the longest {@code Retry-After} the session waits out by itself
 * @param retryWindow      how long after an operation's first request retries may still start
 *                         (since 0.2.0)
 */
public record RetryPolicy(int badNonceRetries, int transientRetries, Duration backoff, Duration maxRetryAfter,
                          Duration retryWindow) {

    /** The retry window of the four-argument constructor and of {@link #DEFAULT}: two minutes. */
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofMinutes(2);

    /**
     * The default: 50 nonce retries, 2 transient retries from 250 ms, waiting at most 10 s for
     * {@code Retry-After}, all within two minutes.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(50, 2, Duration.ofMillis(250), Duration.ofSeconds(10));

    /** No retries at all. */
    public static final RetryPolicy NONE = new RetryPolicy(0, 0, Duration.ofMillis(1), Duration.ZERO);

    /** Checks the policy. */
    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(retryWindow, "retryWindow");
        if (badNonceRetries < 0 || transientRetries < 0) {
            throw new IllegalArgumentException("retry counts must not be negative");
        }
        if (backoff.isNegative() || maxRetryAfter.isNegative() || retryWindow.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * A policy with the {@linkplain #DEFAULT_RETRY_WINDOW default retry window}.
     *
     * @param badNonceRetries  how often a {@code badNonce} rejection is retried
     * @param transientRetries how often an idempotent request is retried after a transient failure
     * @param backoff          the first wait before such a retry
     * @param maxRetryAfter    the longest {@code Retry-After} the session waits out by itself
     */
    public RetryPolicy(int badNonceRetries, int transientRetries, Duration backoff, Duration maxRetryAfter) {
        this(badNonceRetries, transientRetries, backoff, maxRetryAfter, DEFAULT_RETRY_WINDOW);
    }

    /**
     * This policy with another retry window.
     *
     * @param window how long after an operation's first request retries may still start
     * @return the changed policy
     * @since 0.2.0
     */
    public RetryPolicy withRetryWindow(Duration window) {
        return new RetryPolicy(badNonceRetries, transientRetries, backoff, maxRetryAfter, window);
    }

    /**
     * This policy with another number of {@code badNonce} retries.
     *
     * @param retries how often a {@code badNonce} rejection is retried
     * @return the changed policy
     * @since 0.2.0
     */
    public RetryPolicy withBadNonceRetries(int retries) {
        return new RetryPolicy(retries, transientRetries, backoff, maxRetryAfter, retryWindow);
    }
}
