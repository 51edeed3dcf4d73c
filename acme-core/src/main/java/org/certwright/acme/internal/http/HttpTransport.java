package org.certwright.acme.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.internal.text.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to the CA over {@link HttpClient} and reads the responses into memory, bounded.
 *
 * <p>It is the one place that sets the headers every ACME request carries ({@code User-Agent},
 * {@code Accept-Language}), enforces the URL policy (HTTPS only, plain HTTP only to loopback when
 * allowed), feeds the nonce pool from every response, counts requests, and turns I/O failures into
 * {@link AcmeNetworkException}s that name the request. Redirects are never followed: a response
 * the client reached through one is refused.
 */
public final class HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    /**
     * Transport settings.
     *
     * @param client               the HTTP client
     * @param userAgent            the complete {@code User-Agent} value
     * @param acceptLanguage       the {@code Accept-Language} value, if any
     * @param requestTimeout       the longest one exchange may take, from connecting to the end of the body
     * @param maxBodyBytes         the largest response body accepted
     * @param maxHeaders           the most header fields accepted in a response
     * @param allowInsecureLoopback whether {@code http://} URLs to loopback addresses are allowed
     * @param clock                the clock for {@code Retry-After}
     * @param events               hears every exchange
     */
    public record Config(HttpClient client, String userAgent, Optional<String> acceptLanguage,
                         Duration requestTimeout, long maxBodyBytes, int maxHeaders,
                         boolean allowInsecureLoopback, Clock clock, AcmeEventListener events) {
        /** Checks the settings. */
        public Config {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(acceptLanguage, "acceptLanguage");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final Config config;
    private final NoncePool nonces;
    private final BoundedBodyHandler bodyHandler;
    private final LongAdder requests = new LongAdder();

    /** Creates a transport that offers every response's {@code Replay-Nonce} to {@code nonces}. */
    public HttpTransport(Config config, NoncePool nonces) {
        this.config = config;
        this.nonces = nonces;
        this.bodyHandler = new BoundedBodyHandler(config.maxBodyBytes(), config.maxHeaders());
    }

    /** An unauthenticated GET. */
    public Response get(URI url, String accept) throws AcmeException {
        return get(url, accept, Map.of());
    }

    /** An unauthenticated GET with extra request headers (conditional requests). */
    public Response get(URI url, String accept, Map<String, String> headers) throws AcmeException {
        return get(url, accept, headers, config.requestTimeout());
    }

    /**
     * An unauthenticated GET with extra request headers that must be complete, body included,
     * within {@code timeout}.
     */
    public Response get(URI url, String accept, Map<String, String> headers, Duration timeout) throws AcmeException {
        return send("GET", url, null, null, accept, headers, timeout);
    }

    /** A HEAD request (for {@code newNonce}). */
    public Response head(URI url) throws AcmeException {
        return head(url, config.requestTimeout());
    }

    /** A HEAD request that must be answered within {@code timeout}. */
    public Response head(URI url, Duration timeout) throws AcmeException {
        return send("HEAD", url, null, null, null, Map.of(), timeout);
    }

    /** A POST of a JWS in flattened JSON serialization. */
    public Response postJose(URI url, byte[] jws, String accept) throws AcmeException {
        return postJose(url, jws, accept, config.requestTimeout());
    }

    /** A POST of a JWS whose response must be complete, body included, within {@code timeout}. */
    public Response postJose(URI url, byte[] jws, String accept, Duration timeout) throws AcmeException {
        return send("POST", url, jws, "application/jose+json", accept, Map.of(), timeout);
    }

    /** The longest a single exchange may take, from connecting to the last byte of the body. */
    public Duration requestTimeout() {
        return config.requestTimeout();
    }

    /** How many requests this transport has sent. */
    public long requestCount() {
        return requests.sum();
    }

    /** Hears every exchange, and what the layers above report (retries, nonces, rate limits). */
    public AcmeEventListener events() {
        return config.events();
    }

    /** The clock responses are timestamped with. */
    public Clock clock() {
        return config.clock();
    }

    /**
     * Checks that a URL may be contacted: HTTPS, or plain HTTP to a loopback address when the
     * session allows it. URLs come from the CA too, so this runs for every request.
     */
    public void checkUrl(String method, URI url) throws AcmeException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null) {
            throw new AcmeProtocolException("URL has no host: " + url, method, url, -1);
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && config.allowInsecureLoopback() && isLoopback(url.getHost())) {
            return;
        }
        String reason;
        if (!scheme.equals("http")) {
            reason = "unsupported URL scheme '" + scheme + "'";
        } else if (isLoopback(url.getHost())) {
            reason = "plain HTTP is refused; to allow it to a CA on this machine, call allowInsecureHttpOnLoopback()"
                    + " on the client (or session) builder, or give --allow-insecure-http on the certwright command line";
        } else {
            reason = "plain HTTP is refused; use HTTPS (plain HTTP can be allowed only to loopback addresses,"
                    + " with allowInsecureHttpOnLoopback())";
        }
        throw new AcmeProtocolException(reason, method, url, -1);
    }

    private Response send(String method, URI url, byte[] body, String contentType, String accept,
                          Map<String, String> headers, Duration timeout) throws AcmeException {
        checkUrl(method, url);
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .header("User-Agent", config.userAgent());
        config.acceptLanguage().ifPresent(l -> b.header("Accept-Language", l));
        if (accept != null) {
            b.header("Accept", accept);
        }
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request;
        try {
            request = b.build();
        } catch (IllegalArgumentException e) {
            throw new AcmeProtocolException("cannot send request: " + e.getMessage(), method, url, -1, e);
        }
        long start = System.nanoTime();
        requests.increment();
        config.events().requestStarted(method, url);
        HttpResponse<byte[]> r;
        try {
            r = exchange(request, method, url, timeout);
            refuseRedirected(r, method, url);
        } catch (AcmeException e) {
            config.events().requestFailed(method, url, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        config.events().responseReceived(method, url, r.statusCode(), Duration.ofNanos(System.nanoTime() - start));
        Response response = new Response(method, url, r.statusCode(), r.headers(), r.body() == null ? new byte[0] : r.body(),
                config.clock().instant());
        response.replayNonce().ifPresent(nonces::offer);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} ({} bytes, {} ms)", method, SafeText.of(url), r.statusCode(), response.body().length,
                    (System.nanoTime() - start) / 1_000_000);
        }
        return response;
    }

    /**
     * Refuses a response the client reached by following a redirect. The session builder refuses
     * such clients, but a transport must not depend on how its client was configured: a followed
     * redirect was never checked against {@link #checkUrl} (it may have gone to plain HTTP), and
     * ACME never needs one.
     */
    private void refuseRedirected(HttpResponse<byte[]> r, String method, URI url) throws AcmeException {
        if (r.previousResponse().isEmpty()) {
            return;
        }
        StringBuilder chain = new StringBuilder();
        for (Optional<HttpResponse<byte[]>> p = Optional.of(r); p.isPresent(); p = p.get().previousResponse()) {
            chain.insert(0, (p.get().previousResponse().isPresent() ? " -> " : "") + p.get().uri());
        }
        throw new AcmeProtocolException("the HTTP client followed a redirect (" + chain
                + "); redirects are refused, the client must use HttpClient.Redirect.NEVER", method, url,
                r.previousResponse().get().statusCode());
    }

    /**
     * Runs one exchange under a single deadline. The client's own request timeout stops once the
     * headers have arrived, so a body sent one byte at a time would hold the caller forever; here
     * the deadline covers connecting, the TLS handshake, the headers and the whole body, and on
     * expiry the body subscription and the exchange are cancelled so that the connection is closed
     * rather than left to drip.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, String method, URI url, Duration timeout)
            throws AcmeException {
        Exchange exchange = new Exchange(bodyHandler);
        CompletableFuture<HttpResponse<byte[]>> future;
        try {
            future = config.client().sendAsync(request, exchange);
        } catch (IllegalArgumentException e) {
            throw new AcmeProtocolException("cannot send request: " + e.getMessage(), method, url, -1, e);
        }
        try {
            return future.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.abort(future, new InterruptedIOException("interrupted"));
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(method, url, e);
        } catch (TimeoutException e) {
            String message = exchange.headersArrived()
                    ? "the response did not complete within " + timeout.toMillis() + " ms (the headers arrived, the body did not)"
                    : "no response headers within " + timeout.toMillis()
                            + " ms (the connection, TLS handshake or the server's answer did not complete)";
            exchange.abort(future, new HttpTimeoutException(message));
            throw new AcmeNetworkException(message, method, url, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), method, url, timeout);
        } catch (CancellationException e) {
            throw new AcmeNetworkException("the exchange was cancelled", method, url, e);
        }
    }

    private AcmeException failure(Throwable cause, String method, URI url, Duration timeout) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            String connect = config.client().connectTimeout().map(d -> " within " + d.toMillis() + " ms").orElse("");
            return new AcmeNetworkException("the connection or TLS handshake did not complete" + connect
                    + " (connect timeout)", method, url, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new AcmeNetworkException("no response within " + timeout.toMillis() + " ms", method, url, cause);
        }
        BoundedBodyHandler.LimitExceededException limit = findCause(cause, BoundedBodyHandler.LimitExceededException.class);
        if (limit != null) {
            return new AcmeProtocolException(limit.getMessage(), method, url, limit.status(), cause);
        }
        if (cause instanceof IOException io) {
            return new AcmeNetworkException(describe(io), method, url, cause);
        }
        if (cause instanceof IllegalArgumentException) {
            return new AcmeProtocolException("cannot send request: " + cause.getMessage(), method, url, -1, cause);
        }
        return new AcmeNetworkException("the HTTP client failed: " + cause, method, url, cause);
    }

    /** One exchange's body handler: notes when the headers arrived and lets the body be aborted. */
    private static final class Exchange implements HttpResponse.BodyHandler<byte[]> {
        private final BoundedBodyHandler delegate;
        private final AtomicReference<HttpResponse.BodySubscriber<byte[]>> subscriber = new AtomicReference<>();

        Exchange(BoundedBodyHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            HttpResponse.BodySubscriber<byte[]> s = delegate.apply(info);
            subscriber.set(s);
            return s;
        }

        boolean headersArrived() {
            return subscriber.get() != null;
        }

        /** Stops the body (which closes the connection) and the exchange, whatever stage it is in. */
        void abort(CompletableFuture<?> future, IOException reason) {
            if (subscriber.get() instanceof BoundedBodyHandler.Abortable a) {
                a.abort(reason);
            }
            future.cancel(true);
        }
    }

    private static String describe(IOException e) {
        if (findCause(e, SSLException.class) != null) {
            String tls = "TLS failure: " + findCause(e, SSLException.class).getMessage();
            // The first error of almost every user of a private CA (Pebble, smallstep): say how to fix it.
            return findCause(e, java.security.cert.CertPathBuilderException.class) == null ? tls
                    : tls + "; the CA's TLS certificate is not trusted by this JVM: give the client the CA's root"
                    + " with trustedCertificates(...) on the client (or session) builder, or --trust FILE on the"
                    + " certwright command line";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused or unreachable" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (findCause(e, UnknownHostException.class) != null) {
            return "unknown host: " + findCause(e, UnknownHostException.class).getMessage();
        }
        String msg = e.getMessage();
        return "I/O failure: " + (msg == null ? e.getClass().getSimpleName() : msg);
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
            return false; // only literals: a name could resolve anywhere
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
