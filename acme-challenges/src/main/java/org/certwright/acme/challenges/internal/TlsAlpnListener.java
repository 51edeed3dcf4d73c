package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.certwright.acme.challenges.TlsAlpnKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS server that exists only to answer tls-alpn-01: it completes a handshake only when the
 * client offers ALPN {@code acme-tls/1} (TLS 1.2 or 1.3) and sends an SNI with a validation
 * certificate in its key manager, and closes every connection right after the handshake, since
 * the CA sends no data (RFC 8737 §3).
 */
public final class TlsAlpnListener implements SharedListeners.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(TlsAlpnListener.class);
    /** A CA completes its handshake in well under a second; a stalled client must not hold a thread. */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** The longest stop() waits for the accepting thread to let go of the port. */
    private static final long STOP_TIMEOUT_MILLIS = 2_000;

    /** Concurrent handshakes; more connections are closed at once. */
    private static final int MAX_HANDSHAKES = 16;
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TlsAlpnKeyManager keyManager;
    private final SSLServerSocket serverSocket;
    private final ThreadPoolExecutor handshakes;
    private final Thread acceptor;

    private TlsAlpnListener(TlsAlpnKeyManager keyManager, SSLServerSocket serverSocket) {
        this.keyManager = keyManager;
        this.serverSocket = serverSocket;
        this.handshakes = new ThreadPoolExecutor(0, MAX_HANDSHAKES, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("certwright-tls-alpn-" + serverSocket.getLocalPort()));
        this.acceptor = new DaemonThreads("certwright-tls-alpn-accept-" + serverSocket.getLocalPort())
                .newThread(this::acceptLoop);
    }

    /**
     * Binds and starts a server.
     *
     * @param address where to listen
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static TlsAlpnListener open(InetSocketAddress address) throws IOException {
        TlsAlpnKeyManager keyManager = new TlsAlpnKeyManager();
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e, e);
        }
        SSLServerSocket serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.setEnabledProtocols(Arrays.stream(serverSocket.getSupportedProtocols())
                    .filter(PROTOCOLS::contains).toArray(String[]::new));
            serverSocket.bind(address, 50);
        } catch (IOException | RuntimeException e) {
            serverSocket.close();
            throw e;
        }
        TlsAlpnListener listener = new TlsAlpnListener(keyManager, serverSocket);
        listener.acceptor.start();
        LOG.debug("tls-alpn-01 server listening on {}", serverSocket.getLocalSocketAddress());
        return listener;
    }

    /**
     * Where the validation certificates go.
     *
     * @return the key manager of this server
     */
    public TlsAlpnKeyManager keyManager() {
        return keyManager;
    }

    @Override
    public void stop() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("closing the tls-alpn-01 server socket: {}", e.toString());
        }
        handshakes.shutdownNow();
        // The JDK defers the real close of a socket that a thread is blocked accepting on until
        // that thread returns; wait for it, so that the port is free when stop() returns.
        try {
            acceptor.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("tls-alpn-01 server on {} stopped", serverSocket.getLocalSocketAddress());
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.debug("tls-alpn-01 accept failed: {}", e.toString());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            try {
                handshakes.execute(() -> answer((SSLSocket) socket));
            } catch (RejectedExecutionException e) {
                LOG.debug("too many tls-alpn-01 handshakes at once; closing {}", socket.getRemoteSocketAddress());
                closeQuietly(socket);
            }
        }
    }

    private void answer(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            AcmeTlsAlpn.installOnly(socket);
            socket.startHandshake();
            LOG.debug("answered an acme-tls/1 handshake from {}", socket.getRemoteSocketAddress());
        } catch (IOException e) {
            LOG.debug("refused a TLS handshake from {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
