package org.certwright.acme;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.Problem;

/**
 * Hears what an {@link AcmeClient} does on the wire, for metrics, tracing and audit logs: every
 * request and its outcome, retries, nonce fetches, polls and rate limits. Set one with
 * {@link AcmeClient.Builder#eventListener(AcmeEventListener)}; it hears the requests of every
 * session of the client.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs, and
 * methods added later do not break it. Methods are called on the thread that does the work,
 * synchronously: keep them fast and non-blocking. An exception a method throws is logged and
 * otherwise ignored; it never changes the outcome of a request.
 *
 * <p>Nothing passed here holds a key, a nonce or a request body.
 *
 * <pre>{@code
 * AcmeClient client = AcmeClient.builder(directoryUrl)
 *         .eventListener(new AcmeEventListener() {
 *             @Override
 *             public void responseReceived(String method, URI url, int status, Duration elapsed) {
 *                 metrics.timer("acme.request", "status", String.valueOf(status)).record(elapsed);
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * @since 0.2.0
 */
public interface AcmeEventListener {

    /** A listener that does nothing. */
    AcmeEventListener NONE = new AcmeEventListener() {
    };

    /** Why a request is sent again. */
    enum RetryReason {
        /** The CA rejected the nonce ({@code badNonce}); the request is signed again with a fresh one. */
        BAD_NONCE,
        /** No response arrived, or a 5xx one; only requests without effects are repeated. */
        TRANSIENT_FAILURE
    }

    /** A request is about to be sent. */
    default void requestStarted(String method, URI url) {
    }

    /** A response arrived, whatever its status. */
    default void responseReceived(String method, URI url, int status, Duration elapsed) {
    }

    /** No usable response arrived: the connection failed, timed out, or the response broke a limit. */
    default void requestFailed(String method, URI url, AcmeException failure, Duration elapsed) {
    }

    /** A request will be sent again after {@code delay}; {@code attempt} counts from 1. */
    default void retrying(String method, URI url, RetryReason reason, int attempt, Duration delay) {
    }

    /** The nonce pool was empty and a fresh nonce was asked from {@code newNonce}. */
    default void nonceFetched(URI newNonceUrl) {
    }

    /** A resource was fetched again while waiting for it to settle; {@code attempt} counts from 1. */
    default void polled(URI url, Status status, int attempt) {
    }

    /**
     * The CA refused a request for a rate limit ({@code rateLimited}); {@code retryAfter} is when it
     * said to try again, if it did.
     */
    default void rateLimited(String method, URI url, Problem problem, Optional<Instant> retryAfter) {
    }
}
