package org.certwright.acme.challenges.internal;

import java.security.KeyManagementException;
import java.security.SecureRandom;
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

    private AcmeTlsSslContext(SSLContext delegate, boolean acmeOnly) {
        super(new Spi(delegate, acmeOnly), delegate.getProvider(), delegate.getProtocol());
    }

    /**
     * Wraps an initialized context.
     *
     * @param delegate the context, already initialized
     * @param acmeOnly whether its engines negotiate nothing but {@code acme-tls/1}
     * @return the wrapping context
     */
    public static SSLContext wrap(SSLContext delegate, boolean acmeOnly) {
        return new AcmeTlsSslContext(delegate, acmeOnly);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final boolean acmeOnly;

        Spi(SSLContext delegate, boolean acmeOnly) {
            this.delegate = delegate;
            this.acmeOnly = acmeOnly;
        }

        private SSLEngine configure(SSLEngine engine) {
            if (acmeOnly) {
                AcmeTlsAlpn.installOnly(engine);
            } else {
                AcmeTlsAlpn.install(engine);
            }
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
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
