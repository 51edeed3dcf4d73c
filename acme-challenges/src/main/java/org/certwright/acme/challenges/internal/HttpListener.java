package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;

/** A running http-01 server that serves the challenge files of its own in-memory store. */
public final class HttpListener implements SharedListeners.Listener {

    private final ChallengeServer server;
    private final InMemoryHttpChallengeStore store;
    private final ValidationSignals signals;

    private HttpListener(ChallengeServer server, InMemoryHttpChallengeStore store, ValidationSignals signals) {
        this.server = server;
        this.store = store;
        this.signals = signals;
    }

    /**
     * Binds and starts a server.
     *
     * @param address where to listen
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static HttpListener open(InetSocketAddress address) throws IOException {
        InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
        ValidationSignals signals = new ValidationSignals();
        ChallengeServer server = ChallengeServer.open("http01", address, ChallengeServer.Limits.DEFAULT,
                socket -> ChallengeHttp.serve(socket, store).ifPresent(served -> signals.seen(served.path())));
        return new HttpListener(server, store, signals);
    }

    /**
     * Which challenge files the CA has fetched, keyed by path.
     *
     * @return the signals of this server
     */
    public ValidationSignals signals() {
        return signals;
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
        server.stop();
    }
}
