package org.certwright.acme.dns.httpreq;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's endpoint for lego's httpreq protocol, for real over HTTP: {@code POST /hook/present} and
 * {@code /hook/cleanup} with {@code {"fqdn", "value"}}, Basic authentication, TXT sets in memory, and a
 * rate limit that can be switched on.
 */
final class HookServer implements AutoCloseable {

    static final String USER = "certwright";
    static final String PASSWORD = "hook-passw0rd";

    /** One request as it arrived. */
    record Received(String method, String path, String contentType, String authorization, String body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> txt = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    HookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/hook/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    Set<String> txt(String fqdn) {
        return Set.copyOf(txt.getOrDefault(fqdn, Set.of()));
    }

    void limitNext(int requests) {
        rateLimited.set(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), auth, body));
            if (rateLimited.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                respond(exchange, 429, "too many requests");
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                respond(exchange, 401, "bad credentials");
                return;
            }
            JsonNode json = JsonMapper.builder().build().readTree(body);
            String fqdn = json.path("fqdn").asString();
            String value = json.path("value").asString();
            switch (exchange.getRequestURI().getPath()) {
                case "/hook/present" -> txt.computeIfAbsent(fqdn, k -> ConcurrentHashMap.newKeySet()).add(value);
                case "/hook/cleanup" -> txt.computeIfPresent(fqdn, (k, v) -> {
                    v.remove(value);
                    return v.isEmpty() ? null : v;
                });
                default -> {
                    respond(exchange, 404, "no such hook");
                    return;
                }
            }
            respond(exchange, 200, "");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
