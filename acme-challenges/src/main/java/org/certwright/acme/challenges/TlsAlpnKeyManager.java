package org.certwright.acme.challenges;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.internal.tls.AcmeTlsAlpn;
import org.certwright.acme.internal.tls.AcmeTlsSslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key manager that lets an application's own TLS server answer tls-alpn-01: a handshake that
 * negotiated ALPN {@code acme-tls/1} gets the validation certificate for its SNI (or fails if
 * there is none), every other handshake gets the application's certificate from the wrapped key
 * manager.
 *
 * <pre>{@code
 * TlsAlpnKeyManager keyManager = new TlsAlpnKeyManager(applicationKeyManager);
 * SSLContext sslContext = keyManager.createSslContext();   // give this to the TLS server on 443
 * issuer.issue(IssuanceRequest.builder().dns("example.com")
 *         .responders(keyManager.responder()).build());
 * }</pre>
 *
 * <p>The server must also negotiate {@code acme-tls/1} when the CA offers it. The engines of
 * {@link #createSslContext()} do so by themselves, keeping the application's own ALPN protocols for
 * everyone else; for sockets accepted from an {@code SSLServerSocket}, or engines made elsewhere,
 * call {@link #negotiateAcmeTls(SSLSocket)} or {@link #negotiateAcmeTls(SSLEngine)} before the
 * handshake. A server that installs its own ALPN selector must add {@code acme-tls/1} itself.
 *
 * <p>With a wrapped key manager, the CA must connect with TLS 1.3 (Let's Encrypt and Pebble do):
 * in TLS 1.2 the JDK chooses the certificate before it negotiates ALPN, so a CA's handshake cannot
 * be told from a browser's and gets the application's certificate. Without a wrapped key manager
 * the server answers only {@code acme-tls/1}, and TLS 1.2 works too.
 *
 * <p>Validation certificates are added by {@link #responder()} or {@link #add}; when two are in
 * place for the same name, the newer one is presented. Thread-safe.
 */
public final class TlsAlpnKeyManager extends X509ExtendedKeyManager {

    private static final Logger LOG = LoggerFactory.getLogger(TlsAlpnKeyManager.class);
    /** Aliases of validation certificates; the sequence number makes each one distinct. */
    private static final String ALIAS_PREFIX = "certwright-acme-tls/1#";

    /** A certificate in place and when it was added. */
    private record Entry(long sequence, TlsAlpnCertificate certificate) {
    }

    private final X509KeyManager delegate;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ChallengeResponder responder = new Responder();

    /**
     * A key manager that answers {@code acme-tls/1} handshakes and refuses all others; the engines
     * of its {@link #createSslContext()} negotiate nothing but {@code acme-tls/1}.
     */
    public TlsAlpnKeyManager() {
        this.delegate = null;
    }

    /**
     * A key manager that answers {@code acme-tls/1} handshakes and leaves all others to the
     * application's key manager.
     *
     * @param delegate the application's key manager
     */
    public TlsAlpnKeyManager(X509KeyManager delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The key managers of a {@link javax.net.ssl.KeyManagerFactory}, wrapped: the first X.509 one
     * is used for everything but {@code acme-tls/1}.
     *
     * @param keyManagers for example {@code keyManagerFactory.getKeyManagers()}
     * @return the wrapping key manager
     * @throws IllegalArgumentException if none of them is an {@link X509KeyManager}
     */
    public static TlsAlpnKeyManager wrapping(KeyManager... keyManagers) {
        for (KeyManager keyManager : keyManagers) {
            if (keyManager instanceof X509KeyManager x509) {
                return new TlsAlpnKeyManager(x509);
            }
        }
        throw new IllegalArgumentException("no X509KeyManager among the key managers");
    }

    /**
     * Installs on an engine an ALPN selector that picks {@code acme-tls/1} when the client offers
     * it and otherwise negotiates the engine's own {@link javax.net.ssl.SSLParameters#getApplicationProtocols()}
     * as the JDK would.
     *
     * @param engine a server-side engine, before its handshake
     */
    public static void negotiateAcmeTls(SSLEngine engine) {
        AcmeTlsAlpn.install(Objects.requireNonNull(engine, "engine"));
    }

    /**
     * Installs on a socket the ALPN selector of {@link #negotiateAcmeTls(SSLEngine)}.
     *
     * @param socket a server-side socket, before its handshake
     */
    public static void negotiateAcmeTls(SSLSocket socket) {
        AcmeTlsAlpn.install(Objects.requireNonNull(socket, "socket"));
    }

    /**
     * A TLS context with this key manager and the JDK's default trust managers, whose engines
     * negotiate {@code acme-tls/1} as {@link #negotiateAcmeTls(SSLEngine)} describes.
     *
     * @return an initialized context
     */
    public SSLContext createSslContext() {
        return createSslContext(null);
    }

    /**
     * A TLS context with this key manager and the given trust managers (for client
     * authentication), whose engines negotiate {@code acme-tls/1} as
     * {@link #negotiateAcmeTls(SSLEngine)} describes.
     *
     * @param trustManagers the trust managers, or {@code null} for the JDK's default
     * @return an initialized context
     */
    public SSLContext createSslContext(TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, trustManagers, null);
            return AcmeTlsSslContext.wrap(context, delegate == null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up a TLS context", e);
        }
    }

    /**
     * A tls-alpn-01 responder that makes a validation certificate for each challenge and places it
     * in this key manager until clean-up.
     *
     * @return the responder (always the same one)
     */
    public ChallengeResponder responder() {
        return responder;
    }

    /**
     * Presents a validation certificate to {@code acme-tls/1} handshakes for its server name.
     *
     * @param certificate the certificate
     */
    public void add(TlsAlpnCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        long n = sequence.incrementAndGet();
        entries.put(ALIAS_PREFIX + n, new Entry(n, certificate));
    }

    /**
     * Stops presenting a validation certificate added with {@link #add}.
     *
     * @param certificate the same instance that was added
     * @return whether it was in place
     */
    public boolean remove(TlsAlpnCertificate certificate) {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().certificate() == certificate && entries.remove(e.getKey(), e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The certificate presented for a server name, the newest if several are in place.
     *
     * @param serverName the SNI, in any case
     * @return the certificate, or empty if none is in place
     */
    public Optional<TlsAlpnCertificate> lookup(String serverName) {
        return newest(serverName).map(e -> e.getValue().certificate());
    }

    /**
     * The server names with certificates in place.
     *
     * @return a snapshot
     */
    public Set<String> serverNames() {
        return entries.values().stream().map(e -> e.certificate().serverName()).collect(Collectors.toUnmodifiableSet());
    }

    private Optional<Map.Entry<String, Entry>> newest(String serverName) {
        if (serverName == null) {
            return Optional.empty();
        }
        String sni = serverName.toLowerCase(Locale.ROOT);
        return entries.entrySet().stream()
                .filter(e -> e.getValue().certificate().serverName().equalsIgnoreCase(sni))
                .max(Comparator.comparingLong(e -> e.getValue().sequence()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (socket instanceof SSLSocket ssl && answersAcmeTls(ssl.getHandshakeApplicationProtocol())) {
            return acmeAlias(keyType, ssl.getHandshakeSession());
        }
        return delegate == null ? null : delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (engine != null && answersAcmeTls(engine.getHandshakeApplicationProtocol())) {
            return acmeAlias(keyType, engine.getHandshakeSession());
        }
        if (delegate instanceof X509ExtendedKeyManager extended) {
            return extended.chooseEngineServerAlias(keyType, issuers, engine);
        }
        // What the JDK does with a plain X509KeyManager: ask without a socket.
        return delegate == null ? null : delegate.chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
            Entry entry = entries.get(alias);
            return entry == null ? null : new X509Certificate[] {entry.certificate().certificate()};
        }
        return delegate == null ? null : delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
            Entry entry = entries.get(alias);
            return entry == null ? null : entry.certificate().privateKey();
        }
        return delegate == null ? null : delegate.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate == null ? null : delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        if (delegate instanceof X509ExtendedKeyManager extended) {
            return extended.chooseEngineClientAlias(keyType, issuers, engine);
        }
        return delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, null);
    }

    /**
     * Whether to present a validation certificate. In TLS 1.3 the JDK negotiates ALPN before it
     * chooses the certificate; in TLS 1.2 it chooses the certificate first, with the protocol still
     * unknown ({@code null}). Then only a key manager without a delegate, whose server answers
     * nothing but acme-tls/1 (its ALPN selector refuses everything else), can go by the SNI alone.
     */
    private boolean answersAcmeTls(String negotiated) {
        return TlsAlpnValidation.ALPN_PROTOCOL.equals(negotiated) || negotiated == null && delegate == null;
    }

    /**
     * The alias of the validation certificate for the handshake's SNI, or null, which makes the
     * JDK fail the handshake: an acme-tls/1 handshake must never get the application's certificate.
     */
    private String acmeAlias(String keyType, SSLSession handshake) {
        Optional<String> sni = requestedHostName(handshake);
        if (sni.isEmpty()) {
            LOG.debug("acme-tls/1 handshake without SNI refused");
            return null;
        }
        Optional<Map.Entry<String, Entry>> entry = newest(sni.get());
        if (entry.isEmpty()) {
            LOG.debug("acme-tls/1 handshake for {} refused: no challenge in flight for it", sni.get());
            return null;
        }
        // The JDK asks once per acceptable key type; answer only for the type of the certificate's key.
        String algorithm = entry.get().getValue().certificate().privateKey().getAlgorithm();
        if (!keyType.equals(algorithm) && !keyType.startsWith(algorithm + "_")) {
            return null;
        }
        LOG.debug("acme-tls/1 handshake for {}: presenting the validation certificate", sni.get());
        return entry.get().getKey();
    }

    private static Optional<String> requestedHostName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return Optional.of(host.getAsciiName().toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "TlsAlpnKeyManager" + serverNames() + (delegate == null ? "" : " over " + delegate);
    }

    /** Provisions validation certificates into the enclosing key manager. */
    private final class Responder implements ChallengeResponder {
        @Override
        public Set<String> challengeTypes() {
            return TlsAlpnResponders.TYPES;
        }

        @Override
        public boolean supports(ChallengeContext context) {
            return TlsAlpnResponders.supports(context);
        }

        @Override
        public Provision provision(ChallengeContext context) throws ProvisioningException {
            TlsAlpnCertificate certificate = TlsAlpnCertificates.create(TlsAlpnResponders.validation(context));
            add(certificate);
            LOG.debug("{}: presenting a validation certificate for SNI {}", context.identifier(),
                    certificate.serverName());
            return () -> remove(certificate);
        }

        @Override
        public String toString() {
            return "responder of " + TlsAlpnKeyManager.this;
        }
    }
}
