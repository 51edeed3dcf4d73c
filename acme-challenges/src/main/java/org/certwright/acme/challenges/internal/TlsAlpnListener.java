package org.certwright.acme.challenges.internal;

import org.certwright.acme.internal.tls.AcmeTlsAlpn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
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

    private final TlsAlpnKeyManager keyManager;
    private final ChallengeServer server;

    private TlsAlpnListener(TlsAlpnKeyManager keyManager, ChallengeServer server) {
        this.keyManager = keyManager;
        this.server = server;
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
        ChallengeServer server = ChallengeServer.open("tls-alpn01", address, ChallengeServer.Limits.DEFAULT,
                socket -> answer(context, socket));
        return new TlsAlpnListener(keyManager, server);
    }

    private static void answer(SSLContext context, Socket socket) throws IOException {
        try (SSLSocket tls = ChallengeServer.startTls(context, socket)) {
            AcmeTlsAlpn.installOnly(tls);
            tls.startHandshake();
            LOG.debug("answered an acme-tls/1 handshake from {}", socket.getRemoteSocketAddress());
        }
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
        server.stop();
    }
}
