package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.problem.ProblemType;

/**
 * The CA side of a test, scripted on a {@link MockWebServer} bound to the loopback address.
 *
 * <p>It serves the RFC 8555 §7.1.1 example directory with every URL on this server, answers with
 * the RFC's JSON examples (see {@code src/test/resources/org/certwright/acme/rfc8555}), gives every
 * ACME response a fresh {@code Replay-Nonce}, and reads back what the client sent, verifying JWS
 * signatures. Responses are queued in the order the client will ask for them; a request nobody
 * queued a response for gets a 418 that names it, so a surprise request fails fast.
 */
final class MockCa implements AutoCloseable {

    static final String DIRECTORY = "/acme/directory";
    static final String NEW_NONCE = "/acme/new-nonce";
    static final String NEW_ACCOUNT = "/acme/new-account";
    static final String NEW_ORDER = "/acme/new-order";
    static final String NEW_AUTHZ = "/acme/new-authz";
    static final String REVOKE_CERT = "/acme/revoke-cert";
    static final String KEY_CHANGE = "/acme/key-change";
    static final String RENEWAL_INFO = "/acme/renewal-info";
    // Resource paths of the RFC 8555 examples.
    static final String ACCOUNT = "/acme/acct/evOfKhNU60wg";
    static final String ORDERS = "/acme/acct/evOfKhNU60wg/orders";
    static final String ORDER = "/acme/order/TOlocE8rfgo";
    static final String FINALIZE = "/acme/order/TOlocE8rfgo/finalize";
    static final String AUTHZ = "/acme/authz/PAniVnsZcis";
    static final String CHALLENGE = "/acme/chall/prV_B7yEyA4";
    static final String CERTIFICATE = "/acme/cert/mAt3xBGaobw";

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String PEM_CHAIN = "application/pem-certificate-chain";

    /** Polls without delay worth mentioning; wall-clock waits are PollerTest's business. */
    static final PollPolicy FAST_POLL = new PollPolicy(Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
            Duration.ofSeconds(10));
    /** The default retry counts, without the waits. */
    static final RetryPolicy FAST_RETRY = new RetryPolicy(5, 2, Duration.ofMillis(1), Duration.ofSeconds(10));

    private static final String RFC_ORIGIN = "https://example.com";
    private static final long TAKE_TIMEOUT_SECONDS = 10;

    private final MockWebServer server = new MockWebServer();
    private final QueueDispatcher queue = new QueueDispatcher();
    private final String origin;
    private final AtomicInteger nonceCounter = new AtomicInteger();
    private volatile JsonDoc directory;
    private volatile String lastNonce;

    private MockCa() throws IOException {
        queue.setFailFast(new MockResponse.Builder().code(418)
                .addHeader("Content-Type", "text/plain")
                .body("MockCa: no response was queued for this request").build());
        server.setDispatcher(queue);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server.start(loopback, 0);
        String host = loopback instanceof Inet6Address ? "[" + loopback.getHostAddress() + "]" : loopback.getHostAddress();
        origin = "http://" + host + ":" + server.getPort();
        directory = fixture("directory.json");
    }

    static MockCa start() {
        try {
            return new MockCa();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- addresses and fixtures ------------------------------------------------------------

    URI url(String path) {
        return URI.create(origin + path);
    }

    URI directoryUrl() {
        return url(DIRECTORY);
    }

    URI accountUrl() {
        return url(ACCOUNT);
    }

    /** An RFC 8555 example body, with its {@code https://example.com} URLs moved to this server. */
    JsonDoc fixture(String name) {
        return JsonDoc.parse(fixtureText(name));
    }

    String fixtureText(String name) {
        try (InputStream in = MockCa.class.getResourceAsStream("rfc8555/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(RFC_ORIGIN, origin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A problem document of an ACME type token ({@code badNonce}) or a full type URI. */
    static JsonDoc problem(String type, String detail) {
        String uri = type.contains(":") ? type : ProblemType.RFC8555_NAMESPACE + type;
        return JsonDoc.of(Map.of("type", uri, "detail", detail));
    }

    /** Changes the directory served from now on. */
    MockCa directory(UnaryOperator<JsonDoc> change) {
        directory = change.apply(directory);
        return this;
    }

    /** Adds the RFC 9773 {@code renewalInfo} endpoint to the directory. */
    MockCa withRenewalInfo() {
        return directory(d -> d.with("renewalInfo", url(RENEWAL_INFO).toString()));
    }

    /** The nonce of the most recently queued response. */
    String lastNonce() {
        return lastNonce;
    }

    // ---- responses ---------------------------------------------------------------------------

    MockCa enqueue(MockResponse response) {
        server.enqueue(response);
        return this;
    }

    /** The directory, with extra headers given as name, value pairs. */
    MockCa enqueueDirectory(String... headers) {
        return enqueue(directoryResponse(headers));
    }

    /** The answer to {@code HEAD newNonce} (RFC 8555 §7.2). */
    MockCa enqueueNonce() {
        return enqueue(nonceResponse());
    }

    /** What the first signed request of a session needs: the directory and a nonce. */
    MockCa enqueueDirectoryAndNonce() {
        return enqueueDirectory().enqueueNonce();
    }

    /** An {@code application/json} response with a fresh nonce; {@code body} is a JsonDoc, a map or JSON text. */
    MockCa enqueueJson(int status, Object body, String... headers) {
        return enqueue(acme(status, JSON, json(body), headers).build());
    }

    /** A response without a body, such as the answer to a revocation (RFC 8555 §7.6). */
    MockCa enqueueEmpty(int status) {
        return enqueue(acme(status, JSON, "").removeHeader("Content-Type").build());
    }

    /** An {@code application/problem+json} response with a fresh nonce. */
    MockCa enqueueProblem(int status, Object problem, String... headers) {
        return enqueue(acme(status, PROBLEM_JSON, json(problem), headers).build());
    }

    MockCa enqueueProblem(int status, String type, String detail, String... headers) {
        return enqueueProblem(status, problem(type, detail), headers);
    }

    MockResponse directoryResponse(String... headers) {
        return withHeaders(new MockResponse.Builder().code(200).addHeader("Content-Type", JSON), headers)
                .body(directory.toString()).build();
    }

    MockResponse nonceResponse() {
        return new MockResponse.Builder().code(200)
                .addHeader("Replay-Nonce", freshNonce())
                .addHeader("Cache-Control", "no-store")
                .addHeader("Link", "<" + directoryUrl() + ">;rel=\"index\"")
                .build();
    }

    /**
     * A response as an ACME server sends it: the content type, a fresh {@code Replay-Nonce} unless
     * {@code headers} has one, the index link, then {@code headers} (name, value pairs).
     */
    MockResponse.Builder acme(int status, String contentType, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(status);
        if (!hasHeader(headers, "Content-Type")) {
            b.addHeader("Content-Type", contentType);
        }
        if (!hasHeader(headers, "Replay-Nonce")) {
            b.addHeader("Replay-Nonce", freshNonce());
        } else {
            lastNonce = headerValue(headers, "Replay-Nonce");
        }
        b.addHeader("Link", "<" + directoryUrl() + ">;rel=\"index\"");
        return withHeaders(b, headers).body(body);
    }

    String freshNonce() {
        String nonce = "nonce_" + nonceCounter.incrementAndGet() + "_" + Integer.toHexString(System.identityHashCode(this));
        lastNonce = nonce;
        return nonce;
    }

    private static MockResponse.Builder withHeaders(MockResponse.Builder b, String... headers) {
        assertThat(headers.length % 2).as("headers come as name, value pairs").isZero();
        for (int i = 0; i < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static boolean hasHeader(String[] headers, String name) {
        return headerValue(headers, name) != null;
    }

    private static String headerValue(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return headers[i + 1];
            }
        }
        return null;
    }

    private static String json(Object body) {
        if (body instanceof String s) {
            return s;
        }
        return JsonDoc.MAPPER.writeValueAsString(body instanceof JsonDoc d ? d.asMap() : body);
    }

    /** Answers requests by a dispatcher instead of the queue, for concurrent clients. */
    void dispatchWith(Dispatcher dispatcher) {
        server.setDispatcher(dispatcher);
    }

    // ---- requests ----------------------------------------------------------------------------

    /** The next request the client sent; fails if none arrives in time. */
    RecordedRequest take() {
        try {
            RecordedRequest r = server.takeRequest(TAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(r).as("a request reached the mock CA").isNotNull();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next request, which must be a POST to {@code path} with a JWS signed by {@code key}. */
    SignedRequest takeSigned(String path, PublicKey key) {
        RecordedRequest r = take();
        assertThat(r.getMethod() + " " + r.getUrl().encodedPath()).isEqualTo("POST " + path);
        return SignedRequest.of(r, key);
    }

    /** Takes a request and checks its method and path. */
    RecordedRequest take(String method, String path) {
        RecordedRequest r = take();
        assertThat(r.getMethod() + " " + r.getUrl().encodedPath()).isEqualTo(method + " " + path);
        return r;
    }

    /** Takes the directory GET and the newNonce HEAD a session starts with. */
    void takeDirectoryAndNonce() {
        take("GET", DIRECTORY);
        take("HEAD", NEW_NONCE);
    }

    /** How many requests arrived so far, taken or not. */
    int requestCount() {
        return server.getRequestCount();
    }

    // ---- sessions ----------------------------------------------------------------------------

    /** A session builder for this CA: plain HTTP on loopback allowed, fast polls and retries. */
    Session.Builder sessionBuilder(KeyPair accountKey) {
        return Session.builder(directoryUrl(), accountKey)
                .allowInsecureHttpOnLoopback()
                .pollPolicy(FAST_POLL)
                .retryPolicy(FAST_RETRY);
    }

    /** A session whose account URL is already known, so that it never looks it up. */
    Session session(KeyPair accountKey) {
        return sessionBuilder(accountKey).accountUrl(accountUrl()).build();
    }
}
