package org.certwright.acme.lifecycle;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * The {@link SSLContext} of {@link ManagedKeyManager#sslContext()}: TLS 1.3 and 1.2 only, and
 * engines that negotiate {@code acme-tls/1} besides the application's own protocols.
 *
 * <p>The JDK negotiates ALPN from a fixed list; putting {@code acme-tls/1} in it would make
 * clients that offer only other protocols fail when the application configured none. A selector
 * instead picks {@code acme-tls/1} when offered (only a validating CA offers it, RFC 8737 §3) and
 * otherwise does what the JDK does with the application's list. The selector lives on the engine,
 * not in its {@link SSLParameters}, so servers that set parameters later (the JDK's
 * {@code HttpsServer} does) keep it. The same idea as acme-challenges' {@code AcmeTlsSslContext},
 * which core cannot depend on.
 */
final class AcmeTlsContext extends SSLContext {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private AcmeTlsContext(SSLContext delegate) {
        super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
    }

    static SSLContext wrap(SSLContext initialized) {
        return new AcmeTlsContext(initialized);
    }

    static void configure(SSLEngine engine) {
        engine.setEnabledProtocols(PROTOCOLS.clone());
        engine.setHandshakeApplicationProtocolSelector(
                (e, offered) -> select(offered, e.getSSLParameters().getApplicationProtocols()));
    }

    static void configure(SSLSocket socket) {
        socket.setEnabledProtocols(PROTOCOLS.clone());
        socket.setHandshakeApplicationProtocolSelector(
                (s, offered) -> select(offered, s.getSSLParameters().getApplicationProtocols()));
    }

    /**
     * {@code acme-tls/1} if offered; otherwise the server's first protocol the client offered,
     * {@code ""} (no ALPN) if the server has none, {@code null} (fail, as the JDK does) if there is
     * no common one.
     */
    static String select(List<String> offered, String[] server) {
        if (offered.contains(TlsAlpnValidation.ALPN_PROTOCOL)) {
            return TlsAlpnValidation.ALPN_PROTOCOL;
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

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;

        Spi(SSLContext delegate) {
            this.delegate = delegate;
        }

        private static SSLEngine configured(SSLEngine engine) {
            configure(engine);
            return engine;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("this SSLContext is already initialized");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return configured(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return configured(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters parameters = delegate.getDefaultSSLParameters();
            parameters.setProtocols(PROTOCOLS.clone());
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
