package org.certwright.acme.challenges.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.challenges.HttpChallengeHandler;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running JDK HTTP server that serves the challenge files of its own in-memory store. */
public final class HttpListener implements SharedListeners.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** The CA sends a handful of requests per challenge; more threads would only serve abusers. */
    private static final int MAX_THREADS = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final InMemoryHttpChallengeStore store;

    private HttpListener(HttpServer server, ThreadPoolExecutor executor, InMemoryHttpChallengeStore store) {
        this.server = server;
        this.executor = executor;
        this.store = store;
    }

    /**
     * Binds and starts a server.
     *
     * @param address where to listen
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static HttpListener open(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("certwright-http01-" + address.getPort()));
        executor.allowCoreThreadTimeOut(true);
        server.createContext("/", new HttpChallengeHandler(store));
        server.setExecutor(executor);
        server.start();
        LOG.debug("http-01 server listening on {}", server.getAddress());
        return new HttpListener(server, executor, store);
    }

    /**
     * The files this server answers with.
     *
     * @return the store
     */
    public InMemoryHttpChallengeStore store() {
        return store;
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
        LOG.debug("http-01 server on {} stopped", server.getAddress());
    }
}
