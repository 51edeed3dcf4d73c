package org.certwright.acme.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.Status;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an application's {@link AcmeEventListener} so that nothing it throws reaches the request
 * that reported the event: a metrics bug must not fail a certificate order.
 */
public final class SafeEventListener implements AcmeEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeEventListener.class);

    private final AcmeEventListener delegate;

    private SafeEventListener(AcmeEventListener delegate) {
        this.delegate = delegate;
    }

    /** A listener that passes events to {@code delegate} and logs what it throws. */
    public static AcmeEventListener wrap(AcmeEventListener delegate) {
        Objects.requireNonNull(delegate, "listener");
        return delegate == NONE || delegate instanceof SafeEventListener ? delegate : new SafeEventListener(delegate);
    }

    @Override
    public void requestStarted(String method, URI url) {
        call("requestStarted", () -> delegate.requestStarted(method, url));
    }

    @Override
    public void responseReceived(String method, URI url, int status, Duration elapsed) {
        call("responseReceived", () -> delegate.responseReceived(method, url, status, elapsed));
    }

    @Override
    public void requestFailed(String method, URI url, AcmeException failure, Duration elapsed) {
        call("requestFailed", () -> delegate.requestFailed(method, url, failure, elapsed));
    }

    @Override
    public void retrying(String method, URI url, RetryReason reason, int attempt, Duration delay) {
        call("retrying", () -> delegate.retrying(method, url, reason, attempt, delay));
    }

    @Override
    public void nonceFetched(URI newNonceUrl) {
        call("nonceFetched", () -> delegate.nonceFetched(newNonceUrl));
    }

    @Override
    public void polled(URI url, Status status, int attempt) {
        call("polled", () -> delegate.polled(url, status, attempt));
    }

    @Override
    public void rateLimited(String method, URI url, Problem problem, Optional<Instant> retryAfter) {
        call("rateLimited", () -> delegate.rateLimited(method, url, problem, retryAfter));
    }

    private void call(String event, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Errors short of VM errors are the listener's bugs too; VM errors propagate.
            LOG.warn("event listener {} threw from {}: {}", delegate.getClass().getName(), event, e.toString());
        }
    }
}
