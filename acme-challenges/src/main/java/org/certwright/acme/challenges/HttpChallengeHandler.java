package org.certwright.acme.challenges;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler for the JDK's {@link com.sun.net.httpserver.HttpServer} that serves the challenge
 * files of an {@link HttpChallengeStore}: {@code GET} and {@code HEAD} of exactly
 * {@code /.well-known/acme-challenge/<name>} for a name in flight get the file; any other path
 * gets 404, any other method 405. There is no directory listing and no other content.
 *
 * <pre>{@code
 * HttpChallengeStore store = new InMemoryHttpChallengeStore();
 * httpServer.createContext(HttpResource.DIRECTORY, new HttpChallengeHandler(store));
 * ... responders(new StoreHttpResponder(store)) ...
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HttpChallengeHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChallengeHandler.class);

    private final HttpChallengeStore store;

    /**
     * A handler serving from a store.
     *
     * @param store the files in flight
     */
    public HttpChallengeHandler(HttpChallengeStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            Optional<HttpResource> resource = store.lookupPath(path);
            if (resource.isEmpty()) {
                LOG.debug("404 for {} {} from {}", method, path, exchange.getRemoteAddress());
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            LOG.debug("serving {} to {}", path, exchange.getRemoteAddress());
            send(exchange, 200, resource.get().contentType(), resource.get().content());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // A cached challenge answer would outlive the challenge.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
