package org.certwright.acme.lifecycle;

import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.internal.tls.AcmeTlsAlpn;
import org.certwright.acme.internal.tls.AcmeTlsSslContext;
import org.certwright.acme.internal.tls.ValidationCertificateFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server key manager whose certificates can be replaced while the server runs: the next
 * handshake gets the new certificate, connections already open keep theirs, nothing restarts.
 *
 * <pre>{@code
 * ManagedKeyManager keyManager = new ManagedKeyManager();
 * keyManager.update("example.com", privateKey, chain);     // and again at every renewal
 * HttpsServer server = HttpsServer.create(new InetSocketAddress(8443), 0);
 * server.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
 * }</pre>
 *
 * <p><b>Which certificate a handshake gets.</b> Each certificate is kept under an id chosen by
 * the caller (the lifecycle uses the certificate's name) and serves the DNS names and IP
 * addresses of its subjectAltName extension.
 * <ol>
 *   <li>A client that sends SNI gets a certificate naming that host exactly (case-insensitively),
 *       or else one with a wildcard {@code *.example.com} matching it, which covers exactly one
 *       label ({@code www.example.com}, not {@code example.com} nor {@code a.b.example.com}).</li>
 *   <li>A client without SNI (clients connecting to an IP address never send one) gets, on an
 *       {@link SSLSocket}, a certificate naming the local address it connected to. An
 *       {@link SSLEngine} does not tell the local address, so engine-based servers (the JDK's
 *       {@code HttpsServer}, Jetty, Netty, Tomcat NIO) go straight to the next step.</li>
 *   <li>Everyone else, including clients whose SNI no certificate names, gets the <b>default
 *       certificate</b>: the one named by {@link #setDefault(String)}, or else the one
 *       {@linkplain #update added} first among those present. This is what nginx and Apache do;
 *       it lets such a client report a name mismatch instead of an opaque handshake failure.</li>
 * </ol>
 * When a name has certificates of several key types (EC and RSA), the handshake gets the one
 * whose key type the client accepts, in the client's order of preference; if the name has
 * certificates but none of an acceptable type, the handshake fails rather than presenting a
 * certificate for another name. Among certificates of the same name and key type, the one
 * updated last wins.
 *
 * <p><b>Swapping.</b> Everything a handshake reads is one immutable snapshot behind a volatile
 * field: handshakes take no lock and never see half an update. Writers ({@link #update},
 * {@link #remove}, {@link #addValidation}, ...) serialize among themselves. The JDK asks for a
 * certificate by alias and fetches its key and chain in separate calls, so the last 16
 * replaced or removed certificates stay resolvable by their alias, for a
 * handshake that chose one just before the swap. A resumed TLS session keeps the certificate of
 * the handshake that created it, as with every TLS server.
 *
 * <p><b>tls-alpn-01.</b> {@link #addValidation} installs a validation certificate (RFC 8737) for
 * a name being validated. It is presented only to a handshake that negotiated ALPN
 * {@code acme-tls/1}, which only a validating CA offers, and such a handshake never gets an
 * application certificate: without a validation certificate for its SNI it fails. The caller makes
 * the validation certificate (acme-challenges' {@code TlsAlpnCertificates} does), because acme-core
 * does not build certificates; this class checks that it matches the validation. The server must
 * negotiate {@code acme-tls/1}: the engines of {@link #sslContext()} do, sockets accepted from an
 * {@code SSLServerSocket} need {@link #negotiateAcmeTls(SSLSocket)}. The CA must connect with
 * TLS 1.3 (Let's Encrypt and Pebble do): in TLS 1.2 the JDK chooses the certificate before it
 * negotiates ALPN, and the handshake then gets the application certificate.
 *
 * <p>Thread-safe. Private keys are never logged.
 *
 * @since 0.2.0
 */
public final class ManagedKeyManager extends X509ExtendedKeyManager {

    /** The TLS versions its contexts and sockets speak. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final Logger LOG = LoggerFactory.getLogger(ManagedKeyManager.class);

    /** How many replaced or removed certificates stay resolvable by alias. */
    static final int RETIRED = 16;

    /** Written only under {@code this}; read without a lock by handshakes. */
    private volatile KeySnapshot snapshot = KeySnapshot.EMPTY;
    private volatile Optional<TlsAlpnValidationLookup> lookup = Optional.empty();
    /** The installed validations that came from the lookup: checked against it at each use. */
    private final Set<TlsAlpnValidation> lookedUp = ConcurrentHashMap.newKeySet();

    /** Creates a key manager with no certificates; handshakes fail until one is added. */
    public ManagedKeyManager() {
    }

    /**
     * Adds a certificate, or replaces the one with the same id; the next handshake sees it.
     *
     * @param id         the caller's name for the certificate, for example its main domain; not
     *                   blank
     * @param privateKey the certificate's private key
     * @param chain      the chain, end-entity certificate first, normally without the root
     * @throws IllegalArgumentException    if the id is blank or the chain empty
     * @throws InvalidKeyMaterialException if the key does not belong to the first certificate,
     *                                     or the certificate's names cannot be read
     */
    public void update(String id, PrivateKey privateKey, List<X509Certificate> chain) {
        requireId(id);
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(chain, "chain");
        KeyEntry entry = KeyEntry.of(id, privateKey, chain);
        synchronized (this) {
            snapshot = snapshot.withCertificate(entry);
        }
        LOG.info("certificate {} (serial {}, names {}) now served", id, entry.serialHex(), entry.names());
    }

    /**
     * A listener that serves every certificate a {@link CertificateManager} obtains, renews or loads
     * from its store, under the manager's name for it: register it with
     * {@link CertificateManager.Builder#listener(CertificateManagerListener)} and the running server
     * that uses this key manager swaps certificates by itself.
     *
     * <pre>{@code
     * ManagedKeyManager keyManager = new ManagedKeyManager();
     * CertificateManager manager = CertificateManager.builder()
     *         ...
     *         .listener(keyManager.certificateManagerListener())
     *         .build();
     * httpsServer.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
     * manager.start();
     * }</pre>
     *
     * @return the listener
     * @since 0.2.0
     */
    public CertificateManagerListener certificateManagerListener() {
        return new CertificateManagerListener() {
            @Override
            public void updated(String name, CurrentCertificate certificate) {
                update(name, certificate.keyPair().getPrivate(), certificate.chain());
            }

            @Override
            public void removed(String name) {
                remove(name);
            }
        };
    }

    /**
     * Stops serving a certificate; the next handshake no longer sees it.
     *
     * @param id the id it was added with
     * @return whether it was present
     */
    public boolean remove(String id) {
        Objects.requireNonNull(id, "id");
        boolean removed;
        synchronized (this) {
            KeySnapshot before = snapshot;
            snapshot = before.withoutCertificate(id);
            removed = before.certificate(id).isPresent();
        }
        if (removed) {
            LOG.info("certificate {} no longer served", id);
        }
        return removed;
    }

    /**
     * Names the default certificate, the one clients get when no other fits (see the class
     * description). The id need not be present yet; until it is, the first added certificate is
     * the default.
     *
     * @param id the id of the default certificate, or empty to go back to the first added one
     */
    public void setDefault(Optional<String> id) {
        Objects.requireNonNull(id, "id");
        id.ifPresent(ManagedKeyManager::requireId);
        synchronized (this) {
            snapshot = snapshot.withDefault(id);
        }
    }

    /**
     * Names the default certificate; same as {@code setDefault(Optional.of(id))}.
     *
     * @param id the id of the default certificate
     */
    public void setDefault(String id) {
        setDefault(Optional.of(id));
    }

    /**
     * The ids of the certificates served.
     *
     * @return an immutable snapshot
     */
    public Set<String> ids() {
        return snapshot.ids();
    }

    /**
     * The chain served under an id.
     *
     * @param id the id
     * @return the chain, end-entity certificate first, or empty if there is none under this id
     */
    public Optional<List<X509Certificate>> chain(String id) {
        return snapshot.certificate(id).map(e -> List.of(e.chain()));
    }

    /**
     * Presents a tls-alpn-01 validation certificate to {@code acme-tls/1} handshakes whose SNI is
     * {@link TlsAlpnValidation#serverName()}, replacing any other for that name.
     *
     * @param validation  what the CA checks
     * @param certificate the self-signed validation certificate
     * @param privateKey  its private key
     * @throws IllegalArgumentException    if the certificate does not name the validation's
     *                                     identifier or lacks its critical {@code acmeIdentifier}
     *                                     extension with the validation's digest
     * @throws InvalidKeyMaterialException if the key does not belong to the certificate
     */
    public void addValidation(TlsAlpnValidation validation, X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        ValidationCertificates.requireMatch(validation, certificate);
        KeyEntry entry = KeyEntry.validation(validation, privateKey, certificate);
        synchronized (this) {
            snapshot = snapshot.withValidation(validation, entry);
        }
        LOG.debug("acme-tls/1 handshakes for {} now get a validation certificate", validation.serverName());
    }

    /**
     * Where to find tls-alpn-01 validations that were not {@linkplain #addValidation added} to
     * this key manager: in a cluster, another instance may have answered the challenge, and the
     * CA's handshake may reach this one. At an {@code acme-tls/1} handshake for a name with no
     * added validation, the lookup is asked (on the handshake's thread: it must be quick), and a
     * validation certificate is made for what it returns and kept while the lookup keeps returning
     * the same validation.
     *
     * @param validationLookup the lookup, or empty for none (the default)
     * @since 0.2.0
     */
    public void setValidationLookup(Optional<TlsAlpnValidationLookup> validationLookup) {
        this.lookup = Objects.requireNonNull(validationLookup, "validationLookup");
    }

    /**
     * Stops presenting a validation certificate added with {@link #addValidation}.
     *
     * @param validation the validation it was added for
     * @return whether it was in place (a later one for the same name is left alone)
     */
    public boolean removeValidation(TlsAlpnValidation validation) {
        Objects.requireNonNull(validation, "validation");
        synchronized (this) {
            KeySnapshot before = snapshot;
            snapshot = before.withoutValidation(validation);
            return before != snapshot;
        }
    }

    /**
     * A TLS context serving this key manager's certificates with the JDK's default trust managers
     * (no client authentication), TLS 1.3 and 1.2 only. Its engines negotiate {@code acme-tls/1}
     * when a CA offers it and otherwise the application protocols set on them, as the JDK would.
     * The context reads the certificates at each handshake, so one context serves every update.
     *
     * @return an initialized context
     */
    public SSLContext sslContext() {
        return sslContext(null);
    }

    /**
     * Same as {@link #sslContext()} with the given trust managers, to authenticate clients.
     *
     * @param trustManagers the trust managers, or {@code null} for the JDK's default
     * @return an initialized context
     */
    public SSLContext sslContext(TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, trustManagers, null);
            return AcmeTlsSslContext.wrap(context, ManagedKeyManager::negotiateAcmeTls, Optional.of(PROTOCOLS));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
    }

    /**
     * Makes a socket accepted from an {@code SSLServerSocket} of {@link #sslContext()} negotiate
     * {@code acme-tls/1} when a CA offers it (engines do so by themselves) and TLS 1.3 or 1.2.
     *
     * @param socket a server-side socket, before its handshake
     */
    public static void negotiateAcmeTls(SSLSocket socket) {
        Objects.requireNonNull(socket, "socket").setEnabledProtocols(PROTOCOLS.clone());
        AcmeTlsAlpn.install(socket);
    }

    /**
     * Makes an engine negotiate {@code acme-tls/1} when a CA offers it, for engines not made by
     * {@link #sslContext()} (which does this already).
     *
     * @param engine a server-side engine, before its handshake
     */
    public static void negotiateAcmeTls(SSLEngine engine) {
        Objects.requireNonNull(engine, "engine").setEnabledProtocols(PROTOCOLS.clone());
        AcmeTlsAlpn.install(engine);
    }

    // ---------------------------------------------------------------- the JDK's side

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            return choose(keyType, ssl.getHandshakeSession(), ssl.getHandshakeApplicationProtocol(),
                    Optional.ofNullable(ssl.getLocalAddress()));
        }
        return choose(keyType, null, null, Optional.empty());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (engine == null) {
            return choose(keyType, null, null, Optional.empty());
        }
        return choose(keyType, engine.getHandshakeSession(), engine.getHandshakeApplicationProtocol(), Optional.empty());
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return snapshot.byAlias(alias).map(KeyEntry::chain).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return snapshot.byAlias(alias).map(KeyEntry::privateKey).orElse(null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String[] aliases = snapshot.serverAliases(keyType);
        return aliases.length == 0 ? null : aliases;
    }

    /** A server key manager: it has no client certificates. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** A server key manager: it has no client certificates. */
    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** A server key manager: it has no client certificates. */
    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    private String choose(String keyType, SSLSession handshake, String alpn, Optional<InetAddress> localAddress) {
        if (keyType == null) {
            return null;
        }
        KeySnapshot current = snapshot;
        Optional<String> sni = requestedHostName(handshake);
        if (TlsAlpnValidation.ALPN_PROTOCOL.equals(alpn)) {
            // Never an application certificate: the CA would take it as a failed validation anyway.
            Optional<KeyEntry> validation = sni.flatMap(name -> validation(name, current));
            if (validation.isEmpty()) {
                LOG.debug("acme-tls/1 handshake for {} refused: no validation in place", sni.orElse("(no SNI)"));
            }
            return validation.filter(e -> e.accepts(keyType)).map(KeyEntry::alias).orElse(null);
        }
        return current.select(sni, localAddress, keyType).map(KeyEntry::alias).orElse(null);
    }

    /** The validation certificate for a name: one added, or one made for what the lookup finds. */
    private Optional<KeyEntry> validation(String serverName, KeySnapshot current) {
        Optional<TlsAlpnValidation> installed = current.validationFor(serverName);
        Optional<TlsAlpnValidationLookup> l = lookup;
        if (l.isEmpty() || installed.isPresent() && !lookedUp.contains(installed.get())) {
            return current.validation(serverName);
        }
        Optional<TlsAlpnValidation> found;
        try {
            found = Objects.requireNonNull(l.get().find(serverName), "the lookup returned null");
        } catch (RuntimeException e) {
            LOG.warn("acme-tls/1 handshake for {} refused: the validation lookup failed: {}", serverName, e.toString());
            return Optional.empty();
        }
        if (found.isPresent() && installed.equals(found)) {
            return current.validation(serverName);
        }
        installed.ifPresent(old -> {
            removeValidation(old);
            lookedUp.remove(old);
        });
        if (found.isEmpty() || !found.get().serverName().equals(serverName)) {
            return Optional.empty();
        }
        KeyPair key = KeyType.EC_P256.generate();
        KeyEntry entry = KeyEntry.validation(found.get(), key.getPrivate(),
                ValidationCertificateFactory.create(found.get(), key));
        lookedUp.add(found.get());
        synchronized (this) {
            snapshot = snapshot.withValidation(found.get(), entry);
        }
        LOG.debug("acme-tls/1 handshakes for {} now get a validation certificate from the lookup", serverName);
        return Optional.of(entry);
    }

    private static Optional<String> requestedHostName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return Optional.of(KeyEntry.normalize(host.getAsciiName()));
                }
            }
        }
        return Optional.empty();
    }

    private static void requireId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("certificate id is blank");
        }
    }

    /** Names the certificates, never the keys. */
    @Override
    public String toString() {
        return "ManagedKeyManager" + snapshot.ids();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
