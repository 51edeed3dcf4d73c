package org.certwright.acme.challenges.internal;

import java.net.Socket;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key manager of a simpleHttps server: for the domain a handshake names in its SNI, the
 * self-signed certificate of that domain with the account key; a handshake for any other name
 * fails. A handshake without SNI gets the certificate only while exactly one domain is in flight.
 * The alias is the domain; each domain's certificate exists while at least one challenge for it
 * is in flight.
 */
public final class SimpleHttpsKeyManager extends X509ExtendedKeyManager {

    private static final Logger LOG = LoggerFactory.getLogger(SimpleHttpsKeyManager.class);

    private record Entry(X509Certificate certificate, int holders) {
    }

    private final KeyPair accountKey;
    private final Function<String, X509Certificate> factory;
    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * A key manager presenting certificates for the account key.
     *
     * @param accountKey the account key pair, whose private key completes the handshakes
     * @param factory    makes the certificate of a domain
     */
    public SimpleHttpsKeyManager(KeyPair accountKey, Function<String, X509Certificate> factory) {
        this.accountKey = accountKey;
        this.factory = factory;
    }

    /**
     * Presents a certificate for the domain until as many {@link #remove} calls as adds.
     *
     * @param domain the DNS name, lower case
     */
    public void add(String domain) {
        synchronized (entries) {
            Entry entry = entries.get(domain);
            if (entry != null) {
                entries.put(domain, new Entry(entry.certificate(), entry.holders() + 1));
                return;
            }
        }
        // Signing happens outside the lock; a concurrent add of the same domain may sign twice.
        X509Certificate made = factory.apply(domain);
        synchronized (entries) {
            entries.merge(domain, new Entry(made, 1),
                    (old, added) -> new Entry(old.certificate(), old.holders() + 1));
        }
    }

    /**
     * Gives back one {@link #add} of the domain.
     *
     * @param domain the DNS name, lower case
     */
    public void remove(String domain) {
        synchronized (entries) {
            entries.computeIfPresent(domain, (d, e) -> e.holders() == 1 ? null : new Entry(e.certificate(),
                    e.holders() - 1));
        }
    }

    /**
     * The domains with a certificate in place.
     *
     * @return a snapshot
     */
    public Set<String> domains() {
        synchronized (entries) {
            return Set.copyOf(entries.keySet());
        }
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return socket instanceof SSLSocket ssl ? alias(keyType, ssl.getHandshakeSession()) : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return engine == null ? null : alias(keyType, engine.getHandshakeSession());
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        synchronized (entries) {
            Entry entry = alias == null ? null : entries.get(alias);
            return entry == null ? null : new X509Certificate[] {entry.certificate()};
        }
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        synchronized (entries) {
            return alias != null && entries.containsKey(alias) ? accountKey.getPrivate() : null;
        }
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private String alias(String keyType, SSLSession handshake) {
        if (!matchesKey(keyType)) {
            return null; // the JDK asks once per acceptable key type; answer for the account key's only
        }
        Optional<String> sni = requestedHostName(handshake);
        synchronized (entries) {
            if (sni.isPresent()) {
                if (entries.containsKey(sni.get())) {
                    return sni.get();
                }
                LOG.debug("simpleHttps handshake for {} refused: no challenge in flight for it", sni.get());
                return null;
            }
            if (entries.size() == 1) {
                return entries.keySet().iterator().next();
            }
            LOG.debug("simpleHttps handshake without SNI refused: {} domains in flight", entries.size());
            return null;
        }
    }

    private boolean matchesKey(String keyType) {
        String algorithm = accountKey.getPrivate().getAlgorithm();
        if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
            return keyType.equals("EdDSA") || keyType.equals("Ed25519");
        }
        return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
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
}
