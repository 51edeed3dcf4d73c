package org.certwright.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal http-01 responder for tests: serves {@code /.well-known/acme-challenge/<token>} from a
 * map on 127.0.0.1, answers 404 for anything else, and records which tokens were asked for.
 *
 * <pre>{@code
 * try (Http01TestServer http01 = Http01TestServer.start(pebble.httpPort())) {
 *     http01.put(token, keyAuthorization);
 *     ... respond to the challenge, wait for the authorization ...
 *     assertThat(http01.requestedTokens()).contains(token);
 * }
 * }</pre>
 */
public final class Http01TestServer implements AutoCloseable {

    /** The path under which tokens are served. */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> responses = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    private Http01TestServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, normally {@link PebbleServer#httpPort()}; 0 picks a free one
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static Http01TestServer start(int port) {
        return start(FreePorts.loopback(), port);
    }

    /**
     * Starts serving on the given address, such as {@link StepCaServer#validationAddress()} with
     * {@link StepCaServer#HTTP_PORT}.
     *
     * @param address the local address to listen on
     * @param port    the port; 0 picks a free one
     * @return the running server
     * @throws UncheckedIOException if the address and port cannot be bound
     * @since 0.2.0
     */
    public static Http01TestServer start(InetAddress address, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for http-01 on " + address.getHostAddress() + ":" + port, e);
        }
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "http01-test-server-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService executor = Executors.newCachedThreadPool(threads);
        Http01TestServer http01 = new Http01TestServer(server, executor);
        server.createContext("/", http01::handle);
        server.setExecutor(executor);
        server.start();
        return http01;
    }

    /**
     * Serves content for a token until {@link #remove(String) removed}.
     *
     * @param token   the challenge token (base64url characters)
     * @param content the body, normally the key authorization
     */
    public void put(String token, String content) {
        Objects.requireNonNull(content, "content");
        if (!TOKEN.matcher(Objects.requireNonNull(token, "token")).matches()) {
            throw new IllegalArgumentException("Not a base64url token: " + token);
        }
        responses.put(token, content);
    }

    /**
     * Stops serving a token.
     *
     * @param token the token
     */
    public void remove(String token) {
        responses.remove(token);
    }

    /**
     * The tokens requested so far, whether served or not, in order of arrival (with repeats).
     *
     * @return a snapshot
     */
    public List<String> requestedTokens() {
        return List.copyOf(requested);
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The URL a token is served at, through 127.0.0.1.
     *
     * @param token the token
     * @return {@code http://127.0.0.1:<port>/.well-known/acme-challenge/<token>}
     */
    public URI url(String token) {
        return URI.create("http://127.0.0.1:" + port() + PATH_PREFIX + token);
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(PATH_PREFIX)) {
                send(exchange, 404, "not found");
                return;
            }
            String token = path.substring(PATH_PREFIX.length());
            requested.add(token);
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "method not allowed");
                return;
            }
            String content = responses.get(token);
            if (content == null) {
                send(exchange, 404, "no such token");
            } else {
                send(exchange, 200, content);
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
