package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;
import org.certwright.acme.challenges.SimpleHttpsCertificates;

/**
 * A running HTTPS server for the draft's simpleHttps challenge: it serves the challenge files
 * of its own store, presenting for each domain in flight the self-signed certificate with the
 * account key that {@link SimpleHttpsKeyManager} holds.
 */
public final class SimpleHttpsListener implements SharedListeners.Listener {

    private final ChallengeServer server;
    private final InMemoryHttpChallengeStore store;
    private final SimpleHttpsKeyManager keyManager;
    private final ValidationSignals signals;

    private SimpleHttpsListener(ChallengeServer server, InMemoryHttpChallengeStore store,
                                SimpleHttpsKeyManager keyManager, ValidationSignals signals) {
        this.server = server;
        this.store = store;
        this.keyManager = keyManager;
        this.signals = signals;
    }

    /**
     * Binds and starts a server.
     *
     * @param address    where to listen
     * @param accountKey the account key pair the certificates are made for and handshakes signed with
     * @return the running server
     * @throws IOException if the address cannot be bound or TLS cannot be set up
     */
    public static SimpleHttpsListener open(InetSocketAddress address, KeyPair accountKey) throws IOException {
        SimpleHttpsKeyManager keyManager = new SimpleHttpsKeyManager(accountKey,
                domain -> SimpleHttpsCertificates.create(domain, accountKey));
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e, e);
        }
        InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
        ValidationSignals signals = new ValidationSignals();
        ChallengeServer server = ChallengeServer.open("simplehttps", address, ChallengeServer.Limits.DEFAULT,
                socket -> serve(context, socket, store, signals));
        return new SimpleHttpsListener(server, store, keyManager, signals);
    }

    private static void serve(SSLContext context, Socket socket, InMemoryHttpChallengeStore store,
                              ValidationSignals signals) throws IOException {
        try (SSLSocket tls = ChallengeServer.startTls(context, socket)) {
            tls.startHandshake();
            ChallengeHttp.serve(tls, store).ifPresent(served -> signals.seen(served.path()));
        }
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

    /**
     * The certificates this server presents.
     *
     * @return the key manager
     */
    public SimpleHttpsKeyManager keyManager() {
        return keyManager;
    }

    /**
     * Where the server listens, with the port it actually bound.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void stop() {
        server.stop();
    }
}
