package org.certwright.acme.internal.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialized {@link SSLContext} whose engines answer {@code acme-tls/1} besides the
 * application's own protocols ({@link AcmeTlsAlpn#install(SSLEngine)}), or only {@code acme-tls/1}
 * when there is no application certificate. Everything else is the wrapped context's. Server sockets cannot be hooked this way: their accepted sockets need
 * {@link AcmeTlsAlpn#install(javax.net.ssl.SSLSocket)}.
 */
public final class AcmeTlsSslContext extends SSLContext {

    private AcmeTlsSslContext(SSLContext delegate, Consumer<SSLEngine> configure, Optional<String[]> protocols) {
        super(new Spi(delegate, configure, protocols), delegate.getProvider(), delegate.getProtocol());
    }

    /**
     * Wraps an initialized context.
     *
     * @param delegate the context, already initialized
     * @param acmeOnly whether its engines negotiate nothing but {@code acme-tls/1}
     * @return the wrapping context
     */
    public static SSLContext wrap(SSLContext delegate, boolean acmeOnly) {
        return wrap(delegate, acmeOnly ? AcmeTlsAlpn::installOnly : AcmeTlsAlpn::install, Optional.empty());
    }

    /**
     * Wraps an initialized context whose engines are set up by {@code configure}, and whose default
     * parameters allow only {@code protocols} when given.
     *
     * @param delegate  the context, already initialized
     * @param configure applied to every engine the context creates
     * @param protocols the TLS versions its default parameters allow, if restricted
     * @return the wrapping context
     */
    public static SSLContext wrap(SSLContext delegate, Consumer<SSLEngine> configure, Optional<String[]> protocols) {
        return new AcmeTlsSslContext(delegate, configure, protocols);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final Consumer<SSLEngine> configure;
        private final Optional<String[]> protocols;

        Spi(SSLContext delegate, Consumer<SSLEngine> configure, Optional<String[]> protocols) {
            this.delegate = delegate;
            this.configure = configure;
            this.protocols = protocols;
        }

        private SSLEngine configure(SSLEngine engine) {
            configure.accept(engine);
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
            return configure(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return configure(delegate.createSSLEngine(host, port));
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
            protocols.ifPresent(p -> parameters.setProtocols(p.clone()));
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
