package org.certwright.acme.internal.tls;

import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * ALPN selection for TLS servers that answer {@code acme-tls/1} besides their own protocols.
 *
 * <p>The JDK negotiates ALPN from a fixed list ({@code SSLParameters.setApplicationProtocols}); a
 * list with {@code acme-tls/1} in it would make every client offering only other protocols fail
 * when the application itself configured none. A selector can instead pick {@code acme-tls/1}
 * when offered (only a validating CA offers it, RFC 8737 §3) and otherwise behave exactly as the
 * JDK does with the application's list. Shared by acme-challenges' tls-alpn-01 servers and key
 * manager and by the lifecycle's {@code ManagedKeyManager}.
 */
public final class AcmeTlsAlpn {

    /** The protocol name. */
    public static final String PROTOCOL = TlsAlpnValidation.ALPN_PROTOCOL;

    private AcmeTlsAlpn() {
    }

    /**
     * Installs the selector on an engine.
     *
     * @param engine a server-side engine
     */
    public static void install(SSLEngine engine) {
        engine.setHandshakeApplicationProtocolSelector(
                (e, offered) -> select(offered, e.getSSLParameters().getApplicationProtocols()));
    }

    /**
     * Installs the selector on a socket.
     *
     * @param socket a server-side socket, before its handshake
     */
    public static void install(SSLSocket socket) {
        socket.setHandshakeApplicationProtocolSelector(
                (s, offered) -> select(offered, s.getSSLParameters().getApplicationProtocols()));
    }

    /**
     * Installs a selector that accepts {@code acme-tls/1} and nothing else, on a socket of a
     * server that exists only to answer the CA.
     *
     * @param socket a server-side socket, before its handshake
     */
    public static void installOnly(SSLSocket socket) {
        socket.setHandshakeApplicationProtocolSelector((s, offered) -> selectOnly(offered));
    }

    /**
     * Installs a selector that accepts {@code acme-tls/1} and nothing else, on an engine of a
     * server that exists only to answer the CA.
     *
     * @param engine a server-side engine, before its handshake
     */
    public static void installOnly(SSLEngine engine) {
        engine.setHandshakeApplicationProtocolSelector((e, offered) -> selectOnly(offered));
    }

    private static String selectOnly(List<String> offered) {
        return offered.contains(PROTOCOL) ? PROTOCOL : null;
    }

    /**
     * The protocol to negotiate.
     *
     * @param offered the client's protocols
     * @param server  the server's own protocols in preference order, possibly empty
     * @return {@code acme-tls/1} if offered; otherwise the server's first protocol the client
     *         offered, {@code ""} (no ALPN) if the server has none, {@code null} (fail the
     *         handshake, as the JDK does) if there is no common protocol
     */
    public static String select(List<String> offered, String[] server) {
        if (offered.contains(PROTOCOL)) {
            return PROTOCOL;
        }
        if (server == null || server.length == 0) {
            return "";
        }
        for (String protocol : server) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return null;
    }
}
