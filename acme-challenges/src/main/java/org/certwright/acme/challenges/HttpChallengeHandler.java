package org.certwright.acme.challenges;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.certwright.acme.challenges.internal.HttpAnswer;
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
            HttpAnswer answer = HttpAnswer.to(method, path, store);
            if (answer.served().isPresent()) {
                LOG.debug("serving {} to {}", path, exchange.getRemoteAddress());
            } else {
                LOG.debug("{} for {} {} from {}", answer.status(), method, path, exchange.getRemoteAddress());
            }
            send(exchange, answer);
        }
    }

    private static void send(HttpExchange exchange, HttpAnswer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.allow().ifPresent(allow -> exchange.getResponseHeaders().set("Allow", allow));
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        // A cached challenge answer would outlive the challenge.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
