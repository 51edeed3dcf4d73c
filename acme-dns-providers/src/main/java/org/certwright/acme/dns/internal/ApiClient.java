package org.certwright.acme.dns.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.DnsRateLimitException;
import org.certwright.acme.internal.http.RetryAfter;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a DNS service's API requests: each with a deadline, a bounded body, rate limits (429, or 503
 * with {@code Retry-After}) waited out as the service asks but never longer in total than a bound,
 * and every failure turned into a {@link DnsApiException} carrying the service's own message.
 *
 * <p>Credentials travel only in the request headers the caller sets; nothing here logs headers or
 * bodies.
 */
public final class ApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);

    /** Responses larger than this are cut: an API answer for one zone is far smaller. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How much of a service's error message goes into an exception. */
    static final int MAX_MESSAGE_CHARS = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Waits, so that tests can count the waits instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits.
         *
         * @param duration how long
         * @throws InterruptedException if interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String service;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration maxRateLimitWait;
    private final Function<String, Optional<String>> errorReader;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * Creates a client.
     *
     * @param service          the service's name for messages, such as {@code PowerDNS}
     * @param http             the HTTP client
     * @param requestTimeout   the deadline of each request
     * @param maxRateLimitWait the longest total wait for rate limits within one {@link #send} call
     * @param errorReader      finds the service's own message in an error body
     */
    public ApiClient(String service, HttpClient http, Duration requestTimeout, Duration maxRateLimitWait,
            Function<String, Optional<String>> errorReader) {
        this(service, http, requestTimeout, maxRateLimitWait, errorReader, Clock.systemUTC(),
                d -> Thread.sleep(Math.max(1, d.toMillis())));
    }

    ApiClient(String service, HttpClient http, Duration requestTimeout, Duration maxRateLimitWait,
            Function<String, Optional<String>> errorReader, Clock clock, Sleeper sleeper) {
        this.service = Objects.requireNonNull(service, "service");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.maxRateLimitWait = Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
        this.errorReader = Objects.requireNonNull(errorReader, "errorReader");
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * A new HTTP client for a provider: connections time out like requests, redirects are not followed
     * (an API that redirects a write is misconfigured, and a redirect could carry the credentials
     * elsewhere).
     *
     * @param connectTimeout the connect timeout
     * @return the client
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends a request and returns its successful (2xx) response.
     *
     * @param request the request, with its method, URL, headers and body; the deadline is set here
     * @return the response
     * @throws DnsApiException         if the service answered an error status or could not be reached
     * @throws DnsRateLimitException   if rate limits lasted longer than the bound
     * @throws AcmeInterruptedException if the thread was interrupted (its interrupt status set again)
     */
    public ApiResponse send(HttpRequest.Builder request) throws AcmeException {
        HttpRequest built = request.timeout(requestTimeout).build();
        String method = built.method();
        URI url = built.uri();
        Instant deadline = clock.instant().plus(maxRateLimitWait);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            ApiResponse response = exchange(built);
            LOG.debug("{} {} {} -> {}", service, method, url, response.status());
            if (response.status() >= 200 && response.status() < 300) {
                return response;
            }
            Optional<Instant> retryAt = response.header("Retry-After").flatMap(v -> RetryAfter.parse(v, clock.instant()));
            boolean rateLimited = response.status() == 429 || (response.status() == 503 && retryAt.isPresent());
            if (!rateLimited) {
                throw new DnsApiException(service, method, url, response.status(),
                        serviceMessage(response.body()).orElse(null), null);
            }
            Instant now = clock.instant();
            Duration wait = retryAt.map(at -> Duration.between(now, at)).orElse(backoff);
            if (now.plus(wait).isAfter(deadline)) {
                throw new DnsRateLimitException(service, method, url, response.status(),
                        serviceMessage(response.body()).map(m -> m + "; ").orElse("")
                                .concat("still rate limited after waiting up to " + maxRateLimitWait.toSeconds()
                                        + " s (asked to wait " + wait.toSeconds() + " s more)"));
            }
            LOG.info("{} rate limit on {} {}: waiting {} ms", service, method, url, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException(method, url, e);
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private ApiResponse exchange(HttpRequest request) throws AcmeException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY_BYTES);
            }
            return new ApiResponse(response.statusCode(), new String(body, StandardCharsets.UTF_8), response.headers());
        } catch (IOException e) {
            throw new DnsApiException(service, request.method(), request.uri(), -1, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(request.method(), request.uri(), e);
        }
    }

    private Optional<String> serviceMessage(String body) {
        Optional<String> message;
        try {
            message = errorReader.apply(body);
        } catch (RuntimeException e) {
            // An error body that is not what the service documents: show it as it is.
            message = Optional.empty();
        }
        String text = message.orElse(body).strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /**
     * A successful response.
     *
     * @param status  the status
     * @param body    the body, cut at {@link #MAX_BODY_BYTES}
     * @param headers the headers
     */
    public record ApiResponse(int status, String body, HttpHeaders headers) {
        /**
         * A header's first value.
         *
         * @param name the header
         * @return the value, if present
         */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }
}
