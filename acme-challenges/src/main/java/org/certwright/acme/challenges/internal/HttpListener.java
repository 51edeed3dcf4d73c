package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;

/** A running http-01 server that serves the challenge files of its own in-memory store. */
public final class HttpListener implements SharedListeners.Listener {

    private final ChallengeServer server;
    private final InMemoryHttpChallengeStore store;

    private HttpListener(ChallengeServer server, InMemoryHttpChallengeStore store) {
        this.server = server;
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
        InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
        ChallengeServer server = ChallengeServer.open("http01", address, ChallengeServer.Limits.DEFAULT,
                socket -> ChallengeHttp.serve(socket, store));
        return new HttpListener(server, store);
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
