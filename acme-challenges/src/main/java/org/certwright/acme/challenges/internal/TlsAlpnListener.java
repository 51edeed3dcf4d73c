package org.certwright.acme.challenges.internal;

import org.certwright.acme.internal.tls.AcmeTlsAlpn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
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
    private final ValidationSignals signals;

    private TlsAlpnListener(TlsAlpnKeyManager keyManager, ChallengeServer server, ValidationSignals signals) {
        this.keyManager = keyManager;
        this.server = server;
        this.signals = signals;
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
        ValidationSignals signals = new ValidationSignals();
        ChallengeServer server = ChallengeServer.open("tls-alpn01", address, ChallengeServer.Limits.DEFAULT,
                socket -> answer(context, socket, signals));
        return new TlsAlpnListener(keyManager, server, signals);
    }

    private static void answer(SSLContext context, Socket socket, ValidationSignals signals) throws IOException {
        try (SSLSocket tls = ChallengeServer.startTls(context, socket)) {
            AcmeTlsAlpn.installOnly(tls);
            tls.startHandshake();
            LOG.debug("answered an acme-tls/1 handshake from {}", socket.getRemoteSocketAddress());
            // The handshake completes only for a name in flight, with the validation certificate.
            if (tls.getSession() instanceof ExtendedSSLSession session) {
                for (SNIServerName name : session.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        signals.seen(host.getAsciiName());
                    }
                }
            }
        }
    }

    /**
     * Which server names the CA has completed a handshake for.
     *
     * @return the signals of this server
     */
    public ValidationSignals signals() {
        return signals;
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
