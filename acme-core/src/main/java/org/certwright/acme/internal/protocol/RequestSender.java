package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.RetryPolicy;
import org.certwright.acme.internal.http.HttpTransport;
import org.certwright.acme.internal.http.NoncePool;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.jose.JwsSigner;
import org.certwright.acme.internal.json.Json;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.BadNonceException;
import org.certwright.acme.problem.RateLimitedException;
import org.certwright.acme.internal.text.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ACME requests and applies the session's retry policy: signed POSTs with a nonce from the
 * pool (fetching one from {@code newNonce} only when the pool is empty), the {@code badNonce}
 * retry with the nonce from the error response, and bounded retries of idempotent requests after
 * transient failures. Error responses become typed exceptions through {@link ProblemReader}.
 *
 * <p>Thread-safe and lock-free: concurrent requests only share the nonce pool.
 */
public final class RequestSender {

    private static final Logger LOG = LoggerFactory.getLogger(RequestSender.class);
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(500, 502, 503, 504);
    /**
     * The longest a request with no nonce in the pool waits for the answer of one in progress,
     * rather than spend a {@code newNonce} request. The pool pairs each waiter with one answer, so
     * the wait is about a round trip; this bounds it when the awaited request is slow at the CA
     * (a finalize that issues synchronously).
     */
    static final Duration NONCE_WAIT = Duration.ofMillis(250);

    /** Where fresh nonces come from; for RFC 8555 the directory's {@code newNonce}. */
    @FunctionalInterface
    public interface NonceSource {
        /** The URL to HEAD for a fresh nonce. */
        URI newNonceUrl() throws AcmeException;
    }

    private final HttpTransport transport;
    private final NoncePool nonces;
    private final RetryPolicy retry;
    private final NonceSource nonceSource;
    private final LongAdder nonceRequests = new LongAdder();
    private final LongAdder badNonceRetries = new LongAdder();
    private final LongAdder otherRetries = new LongAdder();

    /** Creates a sender. */
    public RequestSender(HttpTransport transport, NoncePool nonces, RetryPolicy retry, NonceSource nonceSource) {
        this.transport = transport;
        this.nonces = nonces;
        this.retry = retry;
        this.nonceSource = nonceSource;
    }

    /** The transport, for counters and the clock. */
    public HttpTransport transport() {
        return transport;
    }

    /**
     * An unauthenticated GET, retried after transient failures. Any status in {@code acceptable}
     * or 2xx is returned; others become exceptions.
     */
    public Response get(URI url, String accept, Set<Integer> acceptable, Map<String, String> headers)
            throws AcmeException {
        long deadline = deadline();
        for (int attempt = 0; ; attempt++) {
            Response r;
            try {
                r = transport.get(url, accept, headers);
            } catch (AcmeNetworkException e) {
                if (attempt < retry.transientRetries() && backOff(attempt, Optional.empty(), deadline, "GET", url)) {
                    continue;
                }
                throw e;
            }
            if (r.isSuccess() || acceptable.contains(r.status())) {
                return r;
            }
            if (TRANSIENT_STATUSES.contains(r.status()) && attempt < retry.transientRetries()
                    && retryAfterAcceptable(r) && backOff(attempt, r.retryAfter(), deadline, "GET", url)) {
                continue;
            }
            throw problem(r);
        }
    }

    /**
     * A signed POST. {@code payload} empty means POST-as-GET (RFC 8555 §6.3), which is idempotent
     * and therefore retried after transient failures; payloads with effects are not.
     *
     * @param payload the JSON payload, or empty for POST-as-GET
     */
    public Response post(URI url, JwsSigner.Identity identity, Optional<Map<String, ?>> payload, String accept)
            throws AcmeException {
        byte[] payloadBytes = payload.map(Json::write).orElse(new byte[0]);
        boolean idempotent = payload.isEmpty();
        long deadline = deadline();
        Optional<String> nonce = Optional.empty();
        int badNonces = 0;
        int transients = 0;
        while (true) {
            Response r;
            // From taking a nonce to the answer (which brings the next), this request is one that
            // concurrent ones may wait for rather than fetch a nonce each.
            nonces.expect();
            try {
                String n = nonce.isPresent() ? nonce.get() : nextNonce();
                byte[] body = Json.write(JwsSigner.sign(identity, payloadBytes, url, Optional.of(n)));
                r = transport.postJose(url, body, accept);
            } catch (AcmeNetworkException e) {
                if (idempotent && transients < retry.transientRetries()
                        && backOff(transients++, Optional.empty(), deadline, "POST", url)) {
                    nonce = Optional.empty();
                    continue;
                }
                throw e;
            } finally {
                nonces.arrived();
            }
            if (r.isSuccess()) {
                if (r.replayNonce().isEmpty()) {
                    LOG.warn("POST {} -> {} carried no valid Replay-Nonce (RFC 8555 §6.5 requires one)", SafeText.of(url),
                            r.status());
                }
                return r;
            }
            AcmeException error = problem(r);
            // A rejected nonce means the request had no effect, so it is always safe to repeat; the
            // count and the retry window keep a CA that rejects every nonce from holding us forever.
            if (error instanceof BadNonceException && badNonces < retry.badNonceRetries()
                    && System.nanoTime() - deadline < 0) {
                badNonces++;
                badNonceRetries.increment();
                transport.events().retrying("POST", url, AcmeEventListener.RetryReason.BAD_NONCE, badNonces, Duration.ZERO);
                nonce = r.replayNonce().filter(nonces::claim);
                LOG.debug("POST {}: nonce rejected, retry {} of at most {}", SafeText.of(url), badNonces,
                        retry.badNonceRetries());
                continue;
            }
            if (idempotent && TRANSIENT_STATUSES.contains(r.status()) && transients < retry.transientRetries()
                    && retryAfterAcceptable(r) && backOff(transients++, r.retryAfter(), deadline, "POST", url)) {
                nonce = Optional.empty();
                continue;
            }
            if (error instanceof BadNonceException) {
                LOG.warn("POST {}: the CA rejected {} nonces in a row; giving up", SafeText.of(url), badNonces + 1);
            }
            throw error;
        }
    }

    /**
     * A POST of a JWS that carries no nonce, for the draft-barnes-acme dialect, which has none.
     * Sent exactly once: every such request has effects, and without a nonce there is no
     * {@code badNonce} to retry. Error responses become typed exceptions as for every request.
     *
     * @param jws the signed request, as {@link JwsSigner#signDraft} makes it
     */
    public Response postWithoutNonce(URI url, Map<String, Object> jws, String accept) throws AcmeException {
        Response r = transport.postJose(url, Json.write(jws), accept);
        if (r.isSuccess()) {
            return r;
        }
        throw problem(r);
    }

    /**
     * The longest one operation of this sender can take: its retry window, plus one request
     * timeout for the exchange under way when the window closes, plus the longest wait before a
     * retry. A thread waiting for another thread's operation can give up after this.
     */
    public Duration longestOperation() {
        try {
            return retry.retryWindow().plus(transport.requestTimeout()).plus(transport.requestTimeout());
        } catch (ArithmeticException e) {
            return Duration.ofSeconds(Long.MAX_VALUE);
        }
    }

    /** How many times {@code newNonce} was asked. */
    public long nonceRequests() {
        return nonceRequests.sum();
    }

    /** How many requests were repeated after {@code badNonce}. */
    public long badNonceRetries() {
        return badNonceRetries.sum();
    }

    /** How many idempotent requests were repeated after transient failures. */
    public long otherRetries() {
        return otherRetries.sum();
    }

    private String nextNonce() throws AcmeException {
        while (true) {
            Optional<String> pooled;
            try {
                pooled = nonces.poll(NONCE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException("HEAD", nonceSource.newNonceUrl(), e);
            }
            if (pooled.isPresent()) {
                return pooled.get();
            }
            URI url = nonceSource.newNonceUrl();
            nonceRequests.increment();
            Response r = transport.head(url);
            if (!r.isSuccess()) {
                throw problem(r);
            }
            transport.events().nonceFetched(url);
            Optional<String> fresh = r.replayNonce();
            if (fresh.isEmpty()) {
                throw new AcmeProtocolException("newNonce response has no valid Replay-Nonce header", "HEAD", url,
                        r.status());
            }
            // The transport pooled it like every other nonce; take this one back. If a concurrent
            // request already took it, that request uses it, so this one must not: start over
            // with whatever the pool holds by now, or another newNonce.
            if (nonces.claim(fresh.get())) {
                return fresh.get();
            }
        }
    }

    /** The typed exception for an error response; a rate limit is reported to the listener too. */
    private AcmeException problem(Response r) {
        AcmeException error = ProblemReader.toException(r);
        if (error instanceof RateLimitedException limited) {
            transport.events().rateLimited(r.method(), r.url(), limited.problem(), limited.retryAfter());
        }
        return error;
    }

    private boolean retryAfterAcceptable(Response r) {
        Optional<Instant> after = r.retryAfter();
        return after.isEmpty()
                || Duration.between(transport.clock().instant(), after.get()).compareTo(retry.maxRetryAfter()) <= 0;
    }

    /** When retries of an operation that starts now must have started: its retry window from now. */
    private long deadline() {
        long window;
        try {
            window = retry.retryWindow().toNanos();
        } catch (ArithmeticException e) {
            window = Long.MAX_VALUE / 2; // a window of centuries: no limit
        }
        return System.nanoTime() + Math.min(window, Long.MAX_VALUE / 2);
    }

    /**
     * Waits before a retry: {@code Retry-After} when given, otherwise the doubling backoff.
     *
     * @return whether to retry: false when the wait would end after the operation's retry window
     */
    private boolean backOff(int attempt, Optional<Instant> retryAfter, long deadline, String method, URI url)
            throws AcmeException {
        Duration wait = retryAfter
                .map(t -> Duration.between(transport.clock().instant(), t))
                .filter(d -> !d.isNegative())
                .orElse(retry.backoff().multipliedBy(1L << Math.min(attempt, 16)));
        if (System.nanoTime() + wait.toNanos() - deadline >= 0) {
            LOG.debug("{} {}: transient failure, not retried: the retry window of {} ms is over", method, SafeText.of(url),
                    retry.retryWindow().toMillis());
            return false;
        }
        otherRetries.increment();
        transport.events().retrying(method, url, AcmeEventListener.RetryReason.TRANSIENT_FAILURE, attempt + 1, wait);
        LOG.debug("{} {}: transient failure, retrying in {} ms", method, SafeText.of(url), wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(method, url, e);
        }
        return true;
    }
}
