package org.certwright.acme.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.HttpChallengeHandler;
import org.certwright.acme.challenges.HttpChallengeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small plain-HTTP listener on {@code certwright.http01.port} for servers that cannot add a
 * connector of their own (Reactor Netty, Jetty, Undertow): it answers challenges only, and
 * redirects everything else to HTTPS.
 */
final class ChallengeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeListener.class);
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;

    ChallengeListener(int port, HttpChallengeStore store, java.util.function.IntSupplier httpsPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for http-01 challenges on port " + port
                    + " (certwright.http01.port): " + e.getMessage(), e);
        }
        server.createContext(HttpResource.DIRECTORY, new HttpChallengeHandler(store));
        server.createContext("/", exchange -> {
            try (exchange) {
                String host = java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host"))
                        .map(h -> h.replaceFirst(":\\d+$", "")).orElse("localhost");
                exchange.getResponseHeaders().set("Location", Redirects.toHttps(host, httpsPort.getAsInt(),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery()));
                exchange.sendResponseHeaders(301, -1);
            }
        });
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "certwright-http01");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Answering http-01 challenges on port {}", server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The http-01 listener's threads did not end within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
