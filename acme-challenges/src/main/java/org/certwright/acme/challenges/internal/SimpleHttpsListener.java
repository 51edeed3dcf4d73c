package org.certwright.acme.challenges.internal;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.certwright.acme.challenges.HttpChallengeHandler;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;
import org.certwright.acme.challenges.SimpleHttpsCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running JDK HTTPS server for the draft's simpleHttps challenge: it serves the challenge files
 * of its own store, presenting for each domain in flight the self-signed certificate with the
 * account key that {@link SimpleHttpsKeyManager} holds.
 */
public final class SimpleHttpsListener implements SharedListeners.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SimpleHttpsListener.class);
    /** The CA sends a handful of requests per challenge; more threads would only serve abusers. */
    private static final int MAX_THREADS = 16;
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final HttpsServer server;
    private final ThreadPoolExecutor executor;
    private final InMemoryHttpChallengeStore store;
    private final SimpleHttpsKeyManager keyManager;

    private SimpleHttpsListener(HttpsServer server, ThreadPoolExecutor executor, InMemoryHttpChallengeStore store,
                                SimpleHttpsKeyManager keyManager) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.keyManager = keyManager;
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
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setProtocols(Arrays.stream(parameters.getProtocols()).filter(PROTOCOLS::contains)
                        .toArray(String[]::new));
                parameters.setNeedClientAuth(false);
                params.setSSLParameters(parameters);
            }
        });
        InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("certwright-simplehttps-" + address.getPort()));
        executor.allowCoreThreadTimeOut(true);
        server.createContext("/", new HttpChallengeHandler(store));
        server.setExecutor(executor);
        server.start();
        LOG.debug("simpleHttps server listening on {}", server.getAddress());
        return new SimpleHttpsListener(server, executor, store, keyManager);
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
        return server.getAddress();
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
        LOG.debug("simpleHttps server on {} stopped", server.getAddress());
    }
}
