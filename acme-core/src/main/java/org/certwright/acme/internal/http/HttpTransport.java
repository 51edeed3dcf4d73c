package org.certwright.acme.internal.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to the CA over {@link HttpClient} and reads the responses into memory, bounded.
 *
 * <p>It is the one place that sets the headers every ACME request carries ({@code User-Agent},
 * {@code Accept-Language}), enforces the URL policy (HTTPS only, plain HTTP only to loopback when
 * allowed), feeds the nonce pool from every response, counts requests, and turns I/O failures into
 * {@link AcmeNetworkException}s that name the request. Redirects are never followed.
 */
public final class HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    /**
     * Transport settings.
     *
     * @param client               the HTTP client
     * @param userAgent            the complete {@code User-Agent} value
     * @param acceptLanguage       the {@code Accept-Language} value, if any
     * @param requestTimeout       the timeout of each request
     * @param maxBodyBytes         the largest response body accepted
     * @param maxHeaders           the most header fields accepted in a response
     * @param allowInsecureLoopback whether {@code http://} URLs to loopback addresses are allowed
     * @param clock                the clock for {@code Retry-After}
     */
    public record Config(HttpClient client, String userAgent, Optional<String> acceptLanguage,
                         Duration requestTimeout, long maxBodyBytes, int maxHeaders,
                         boolean allowInsecureLoopback, Clock clock) {
        /** Checks the settings. */
        public Config {
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
        return get(url, accept, java.util.Map.of());
    }

    /** An unauthenticated GET with extra request headers (conditional requests). */
    public Response get(URI url, String accept, java.util.Map<String, String> headers) throws AcmeException {
        return send("GET", url, null, null, accept, headers);
    }

    /** A HEAD request (for {@code newNonce}). */
    public Response head(URI url) throws AcmeException {
        return send("HEAD", url, null, null, null, java.util.Map.of());
    }

    /** A POST of a JWS in flattened JSON serialization. */
    public Response postJose(URI url, byte[] jws, String accept) throws AcmeException {
        return send("POST", url, jws, "application/jose+json", accept, java.util.Map.of());
    }

    /** How many requests this transport has sent. */
    public long requestCount() {
        return requests.sum();
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
        throw new AcmeProtocolException(scheme.equals("http")
                ? "plain HTTP is refused; only HTTPS, or HTTP to a loopback address when the session allows it"
                : "unsupported URL scheme '" + scheme + "'", method, url, -1);
    }

    private Response send(String method, URI url, byte[] body, String contentType, String accept,
                          java.util.Map<String, String> headers) throws AcmeException {
        checkUrl(method, url);
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(config.requestTimeout())
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
        long start = System.nanoTime();
        requests.increment();
        HttpResponse<byte[]> r;
        try {
            r = config.client().send(b.build(), bodyHandler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(method, url, e);
        } catch (HttpTimeoutException e) {
            throw new AcmeNetworkException("no response within " + config.requestTimeout().toMillis() + " ms",
                    method, url, e);
        } catch (IOException e) {
            BoundedBodyHandler.LimitExceededException limit = findCause(e, BoundedBodyHandler.LimitExceededException.class);
            if (limit != null) {
                throw new AcmeProtocolException(limit.getMessage(), method, url, limit.status(), e);
            }
            throw new AcmeNetworkException(describe(e), method, url, e);
        } catch (IllegalArgumentException e) {
            throw new AcmeProtocolException("cannot send request: " + e.getMessage(), method, url, -1, e);
        }
        Response response = new Response(method, url, r.statusCode(), r.headers(), r.body() == null ? new byte[0] : r.body(),
                config.clock().instant());
        response.replayNonce().ifPresent(nonces::offer);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} ({} bytes, {} ms)", method, url, r.statusCode(), response.body().length,
                    (System.nanoTime() - start) / 1_000_000);
        }
        return response;
    }

    private static String describe(IOException e) {
        if (findCause(e, SSLException.class) != null) {
            return "TLS failure: " + findCause(e, SSLException.class).getMessage();
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
