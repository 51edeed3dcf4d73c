package org.certwright.acme.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.PollPolicy;
import org.certwright.acme.RetryPolicy;
import org.certwright.acme.Session;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small ACME server (RFC 8555) with real state, on a {@link MockWebServer} bound to loopback,
 * for tests in which the client sends requests concurrently, so that a scripted queue of answers
 * cannot work. It answers by path: the directory, {@code newNonce}, {@code newAccount} (one
 * account, at {@link #ACCOUNT}), {@code newOrder}, and POST-as-GET or POST to orders,
 * authorizations, challenges, finalize and certificates. The resources and their rules live in
 * {@link FakeCa} ({@link #ca()}); this class adds HTTP, nonces and the JWS envelope.
 *
 * <p>It checks the envelope as RFC 8555 §6 asks (a nonce it issued and that was not used before,
 * the {@code url} header, {@code jwk} for newAccount and {@code kid} otherwise, an empty payload for
 * POST-as-GET), but not the signature: the session tests do that. It records every request, and
 * what it found wrong in {@link #violations()}, which tests expect to be empty.
 *
 * <p>Thread-safe.
 */
final class FakeAcmeServer extends Dispatcher implements AutoCloseable {

    /** What a request was for, from its path. */
    enum Route {
        DIRECTORY, NEW_NONCE, NEW_ACCOUNT, ACCOUNT, NEW_ORDER, ORDER, FINALIZE, AUTHORIZATION, CHALLENGE, CERTIFICATE,
        UNKNOWN
    }

    /** A request as received. */
    record Received(String method, String path, Route route) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final String ACCOUNT = "/account/1";

    /** Polls without waits worth mentioning; timing is PollerTest's business. */
    static final PollPolicy FAST_POLL = new PollPolicy(Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
            Duration.ofSeconds(10));
    static final RetryPolicy FAST_RETRY = new RetryPolicy(5, 2, Duration.ofMillis(1), Duration.ofSeconds(10));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Pattern RESOURCE = Pattern.compile("/(order|authz|chall|cert)/(\\d+)(/finalize|/alternate)?");
    private static final long WAIT_SECONDS = 10;

    private final MockWebServer server = new MockWebServer();
    private final String origin;
    private final FakeCa ca;
    private final Set<String> unusedNonces = ConcurrentHashMap.newKeySet();
    private final AtomicLong nonceCounter = new AtomicLong();
    private final AtomicInteger signedPosts = new AtomicInteger();
    private final List<Received> received = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private volatile int badNonceEvery;
    private final Set<String> notFound = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    private FakeAcmeServer(FakeInternet internet) throws IOException {
        server.setDispatcher(this);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server.start(loopback, 0);
        String host = loopback instanceof Inet6Address ? "[" + loopback.getHostAddress() + "]" : loopback.getHostAddress();
        origin = "http://" + host + ":" + server.getPort();
        ca = new FakeCa(internet, path -> origin + path);
    }

    /** Starts a server whose CA validates against {@code internet}. */
    static FakeAcmeServer start(FakeInternet internet) {
        try {
            return new FakeAcmeServer(internet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** The CA's state and its test switches. */
    FakeCa ca() {
        return ca;
    }

    URI directoryUrl() {
        return URI.create(origin + "/directory");
    }

    /** A session builder for this server: plain HTTP on loopback allowed, fast polls and retries. */
    Session.Builder sessionBuilder(KeyPair accountKey) {
        return Session.builder(directoryUrl(), accountKey)
                .allowInsecureHttpOnLoopback()
                .pollPolicy(FAST_POLL)
                .retryPolicy(FAST_RETRY);
    }

    /**
     * Rejects every {@code n}-th signed request with {@code badNonce} although its nonce was good,
     * as Pebble does with 5% of them (RFC 8555 §6.5: the client retries with the nonce of the error).
     */
    FakeAcmeServer rejectEveryNthNonce(int n) {
        badNonceEvery = n;
        return this;
    }

    // ---- what it received ----------------------------------------------------------------------

    /** Every request so far, in the order they arrived. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many requests arrived so far; a mark for {@link #routesSince}. */
    int requestCount() {
        synchronized (received) {
            return received.size();
        }
    }

    /** What the requests after the first {@code mark} were for. */
    List<Route> routesSince(int mark) {
        List<Received> all = received();
        return all.subList(mark, all.size()).stream().map(Received::route).toList();
    }

    /** How many requests for {@code route} arrived so far. */
    long count(Route route) {
        return received().stream().filter(r -> r.route() == route).count();
    }

    /** Waits until at least {@code n} requests for {@code route} have arrived; fails after 10 s. */
    void awaitRequests(Route route, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (received) {
            while (received.stream().filter(r -> r.route() == route).count() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fewer than " + n + " " + route + " requests arrived: " + received);
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    /** What the server found wrong with requests; empty for a well-behaved client. */
    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    // ---- dispatching ---------------------------------------------------------------------------

    /**
     * Requests for {@code path} are answered 404 without counting as a violation: for tests in
     * which the CA itself sent the client a link there.
     */
    FakeAcmeServer notFound(String path) {
        notFound.add(path);
        return this;
    }

    /** The most requests the server was handling at once so far. */
    int peakConcurrentRequests() {
        return peakInFlight.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        try {
            return handle(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private MockResponse handle(RecordedRequest request) {
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        Matcher m = RESOURCE.matcher(path);
        boolean resource = m.matches();
        Route route = route(path, m, resource);
        synchronized (received) {
            received.add(new Received(method, path, route));
            received.notifyAll();
        }
        try {
            if (route == Route.DIRECTORY && method.equals("GET")) {
                return json(200, directory());
            }
            if (route == Route.NEW_NONCE && (method.equals("HEAD") || method.equals("GET"))) {
                // RFC 8555 §7.2: 200 for HEAD, 204 for GET, never cached.
                return new MockResponse.Builder().code(method.equals("HEAD") ? 200 : 204)
                        .addHeader("Replay-Nonce", freshNonce()).addHeader("Cache-Control", "no-store").build();
            }
            if (notFound.contains(path)) {
                return problem(new FakeCa.AcmeError(404, "malformed", "nothing at " + path));
            }
            if (!method.equals("POST") || route == Route.UNKNOWN || route == Route.DIRECTORY
                    || route == Route.NEW_NONCE) {
                violation("unexpected request " + method + " " + path);
                return problem(new FakeCa.AcmeError(405, "malformed", "nothing here for " + method + " " + path));
            }
            Envelope jws = open(request, route);
            String id = resource ? m.group(2) : null;
            return switch (route) {
                case NEW_ACCOUNT -> {
                    boolean created = ca.newAccount(jws.jwk(), jws.payload());
                    yield json(created ? 201 : 200, ca.account(), "Location", origin + ACCOUNT);
                }
                case ACCOUNT -> json(200, ca.account());
                case NEW_ORDER -> {
                    String orderId = ca.newOrder(jws.payload());
                    yield json(201, ca.order(orderId), "Location", origin + "/order/" + orderId);
                }
                case ORDER -> json(200, ca.order(postAsGet(jws, id)));
                case AUTHORIZATION -> json(200, ca.authorization(postAsGet(jws, id)));
                case CHALLENGE -> json(200, jws.isPostAsGet() ? ca.challenge(id) : ca.respond(id),
                        "Link", "<" + ca.authorizationUrlOf(id) + ">;rel=\"up\"");
                case FINALIZE -> json(200, ca.finalizeOrder(id, jws.payload()), "Location", origin + "/order/" + id);
                case CERTIFICATE -> certificate(postAsGet(jws, id), m.group(3) != null);
                default -> throw new IllegalStateException(route.toString());
            };
        } catch (FakeCa.AcmeError e) {
            return problem(e);
        } catch (RuntimeException e) {
            violation("the fake CA failed on " + method + " " + path + ": " + e);
            return problem(new FakeCa.AcmeError(500, "serverInternal", e.toString()));
        }
    }

    private static Route route(String path, Matcher m, boolean resource) {
        if (resource) {
            return switch (m.group(1)) {
                case "order" -> m.group(3) == null ? Route.ORDER : "/finalize".equals(m.group(3)) ? Route.FINALIZE
                        : Route.UNKNOWN;
                case "authz" -> m.group(3) == null ? Route.AUTHORIZATION : Route.UNKNOWN;
                case "chall" -> m.group(3) == null ? Route.CHALLENGE : Route.UNKNOWN;
                case "cert" -> "/finalize".equals(m.group(3)) ? Route.UNKNOWN : Route.CERTIFICATE;
                default -> Route.UNKNOWN;
            };
        }
        return switch (path) {
            case "/directory" -> Route.DIRECTORY;
            case "/new-nonce" -> Route.NEW_NONCE;
            case "/new-account" -> Route.NEW_ACCOUNT;
            case ACCOUNT -> Route.ACCOUNT;
            case "/new-order" -> Route.NEW_ORDER;
            default -> Route.UNKNOWN;
        };
    }

    private Map<String, Object> directory() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("newNonce", origin + "/new-nonce");
        d.put("newAccount", origin + "/new-account");
        d.put("newOrder", origin + "/new-order");
        d.put("meta", Map.of("termsOfService", origin + "/terms"));
        return d;
    }

    private MockResponse certificate(String id, boolean alternate) {
        FakeCa.PemChain chain = ca.certificate(id, alternate);
        MockResponse.Builder b = acme(200, "application/pem-certificate-chain");
        chain.alternateUrls().forEach(u -> b.addHeader("Link", "<" + u + ">;rel=\"alternate\""));
        return b.body(chain.pem()).build();
    }

    // ---- the JWS envelope (RFC 8555 §6.2 - §6.5) -----------------------------------------------------

    /** The parts of a flattened JWS the server looks at; the signature is not checked. */
    private record Envelope(Map<String, Object> header, String payloadText) {
        boolean isPostAsGet() {
            return payloadText.isEmpty();
        }

        Map<String, Object> payload() {
            return isPostAsGet() ? Map.of() : parse(payloadText);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> jwk() {
            return (Map<String, Object>) header.get("jwk");
        }
    }

    private Envelope open(RecordedRequest request, Route route) {
        Map<String, Object> body;
        Map<String, Object> header;
        String payload;
        try {
            body = parse(request.getBody() == null ? "" : request.getBody().utf8());
            header = parse(base64urlText((String) body.get("protected")));
            payload = base64urlText((String) body.get("payload"));
        } catch (RuntimeException e) {
            violation("not a flattened JWS: " + e);
            throw new FakeCa.AcmeError(400, "malformed", "not a flattened JWS: " + e.getMessage());
        }
        // §6.5: every nonce is good for one request only.
        String nonce = (String) header.get("nonce");
        if (nonce == null || !unusedNonces.remove(nonce)) {
            violation("nonce not issued or used before: " + nonce);
            throw new FakeCa.AcmeError(400, "badNonce", "unknown or used nonce");
        }
        int n = badNonceEvery;
        if (n > 0 && signedPosts.incrementAndGet() % n == 0) {
            throw new FakeCa.AcmeError(400, "badNonce", "this nonce was good, but the server is in a mood");
        }
        // §6.4: the url header is the request URL.
        String requestUrl = origin + request.getUrl().encodedPath();
        if (!requestUrl.equals(header.get("url"))) {
            violation("url header " + header.get("url") + " on a request to " + requestUrl);
            throw new FakeCa.AcmeError(401, "unauthorized", "url header does not match the request URL");
        }
        // §6.2: newAccount is signed with the key (jwk), everything else with the account (kid).
        if (route == Route.NEW_ACCOUNT) {
            if (!(header.get("jwk") instanceof Map) || header.containsKey("kid")) {
                violation("newAccount without jwk or with kid");
                throw new FakeCa.AcmeError(400, "malformed", "newAccount needs jwk and no kid");
            }
        } else if (!ca.hasAccount() || !(origin + ACCOUNT).equals(header.get("kid")) || header.containsKey("jwk")) {
            violation("request to " + requestUrl + " with kid " + header.get("kid") + " and jwk " + header.get("jwk"));
            throw new FakeCa.AcmeError(400, "accountDoesNotExist", "unknown kid " + header.get("kid"));
        }
        return new Envelope(header, payload);
    }

    /** §6.3: fetching a resource is a POST with an empty payload. */
    private String postAsGet(Envelope jws, String id) {
        if (!jws.isPostAsGet()) {
            violation("a payload where POST-as-GET was expected: " + jws.payloadText());
            throw new FakeCa.AcmeError(400, "malformed", "this fake CA only fetches this resource");
        }
        return id;
    }

    // ---- responses -----------------------------------------------------------------------------

    /** A response as an ACME server sends it: the content type, a fresh nonce, the index link. */
    private MockResponse.Builder acme(int status, String contentType) {
        return new MockResponse.Builder().code(status)
                .addHeader("Content-Type", contentType)
                .addHeader("Replay-Nonce", freshNonce())
                .addHeader("Link", "<" + directoryUrl() + ">;rel=\"index\"");
    }

    private MockResponse json(int status, Map<String, Object> body, String... headers) {
        MockResponse.Builder b = acme(status, "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b.body(JSON.writeValueAsString(body)).build();
    }

    private MockResponse problem(FakeCa.AcmeError e) {
        Map<String, Object> body = new LinkedHashMap<>(FakeCa.problem(e.type, e.getMessage()));
        body.put("status", e.status);
        return acme(e.status, "application/problem+json").body(JSON.writeValueAsString(body)).build();
    }

    private String freshNonce() {
        String nonce = "nonce-" + nonceCounter.incrementAndGet();
        unusedNonces.add(nonce);
        return nonce;
    }

    private void violation(String what) {
        synchronized (violations) {
            violations.add(what);
        }
    }

    private static Map<String, Object> parse(String json) {
        return JSON.readValue(json, OBJECT);
    }

    private static String base64urlText(String encoded) {
        return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
