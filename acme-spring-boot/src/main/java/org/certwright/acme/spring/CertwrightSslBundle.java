package org.certwright.acme.spring;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.certwright.acme.crypto.KeyStores;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The SSL bundle Certwright keeps current: registered with Spring Boot before the web server is
 * made (with the stored certificate, or a temporary self-signed one), and replaced through
 * {@link SslBundleRegistry#updateBundle} whenever the manager serves a new certificate, which
 * Tomcat and Reactor Netty apply to new connections without a restart.
 *
 * @since 0.2.0
 */
public final class CertwrightSslBundle implements SslBundleRegistrar, CertificateManagerListener {

    private static final Logger LOG = LoggerFactory.getLogger(CertwrightSslBundle.class);
    private static final String ALIAS = "certwright";
    // The key store lives only in memory; its password protects nothing but is required.
    private static final String PASSWORD = "certwright";

    private final String bundleName;
    private final String certificateName;
    private final CertificateStore store;
    private final java.util.List<String> domains;
    private final AtomicReference<SslBundleRegistry> registry = new AtomicReference<>();
    private final AtomicReference<CurrentCertificate> served = new AtomicReference<>();

    /**
     * A bundle for one managed certificate.
     *
     * @param bundleName      the bundle's name, for {@code server.ssl.bundle}
     * @param certificateName the managed certificate's name
     * @param domains         its DNS names, for the temporary certificate
     * @param store           the store, read once at registration
     * @since 0.2.0
     */
    public CertwrightSslBundle(String bundleName, String certificateName, java.util.List<String> domains,
                               CertificateStore store) {
        this.bundleName = Objects.requireNonNull(bundleName, "bundleName");
        this.certificateName = Objects.requireNonNull(certificateName, "certificateName");
        this.domains = java.util.List.copyOf(domains);
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Registers the bundle: the stored certificate if the store has one, otherwise a temporary
     * self-signed certificate (its organization says so) until the CA issues the real one.
     *
     * @param sslBundleRegistry Spring Boot's registry
     */
    @Override
    public void registerBundles(SslBundleRegistry sslBundleRegistry) {
        CurrentCertificate first = stored().orElseGet(() -> {
            LOG.info("No certificate {} stored yet: serving a temporary self-signed certificate until the CA issues one",
                    certificateName);
            return TemporaryCertificate.create(domains);
        });
        synchronized (this) {
            // The manager may already have announced a certificate; the newest wins.
            CurrentCertificate current = served.get() != null ? served.get() : first;
            sslBundleRegistry.registerBundle(bundleName, bundleOf(current));
            served.set(current);
            registry.set(sslBundleRegistry);
        }
    }

    /**
     * The certificate in the bundle now.
     *
     * @return the certificate, or empty before registration
     * @since 0.2.0
     */
    public Optional<CurrentCertificate> served() {
        return Optional.ofNullable(served.get());
    }

    /**
     * Whether the bundle holds the temporary self-signed certificate.
     *
     * @return {@code true} until the CA's certificate arrives
     * @since 0.2.0
     */
    public boolean isTemporary() {
        return served().map(TemporaryCertificate::isTemporary).orElse(true);
    }

    /**
     * Puts the manager's new certificate into the bundle.
     *
     * @param name        the managed certificate's name
     * @param certificate the certificate now served
     */
    @Override
    public void updated(String name, CurrentCertificate certificate) {
        if (!certificateName.equals(name)) {
            return;
        }
        synchronized (this) {
            CurrentCertificate previous = served.getAndSet(certificate);
            if (previous != null && sameCertificate(previous, certificate)) {
                // The manager announces the stored certificate at start; the bundle already has it.
                return;
            }
            SslBundleRegistry r = registry.get();
            if (r != null) {
                r.updateBundle(bundleName, bundleOf(certificate));
                LOG.info("SSL bundle {} now serves {}", bundleName, certificate);
            }
        }
    }

    private Optional<CurrentCertificate> stored() {
        // The manager starts after the web server (so that it can answer http-01), but the server
        // needs a certificate to start: read the store's layout directly, as the manager would.
        try {
            Optional<byte[]> chain = store.read(StoreLayout.certificateChain(certificateName));
            Optional<byte[]> key = store.read(StoreLayout.certificateKey(certificateName));
            if (chain.isEmpty() || key.isEmpty()) {
                return Optional.empty();
            }
            CurrentCertificate c = new CurrentCertificate(
                    Pem.readKeyPair(new String(key.get(), StandardCharsets.US_ASCII)),
                    Pem.readCertificates(new String(chain.get(), StandardCharsets.US_ASCII)));
            if (!c.leaf().getPublicKey().equals(c.keyPair().getPublic())) {
                return Optional.empty();
            }
            LOG.info("Serving the stored certificate {}: {}", certificateName, c);
            return Optional.of(c);
        } catch (AcmeException | RuntimeException e) {
            LOG.warn("Could not read certificate {} from the store; starting with a temporary one: {}",
                    certificateName, e.toString());
            return Optional.empty();
        }
    }

    private static boolean sameCertificate(CurrentCertificate a, CurrentCertificate b) {
        // KeyPair has no equals: compare what a client sees, the chain.
        return a.chain().equals(b.chain());
    }

    private static SslBundle bundleOf(CurrentCertificate certificate) {
        char[] password = PASSWORD.toCharArray();
        java.security.KeyStore keyStore = KeyStores.pkcs12(certificate.keyPair().getPrivate(), certificate.chain(),
                ALIAS, password);
        return SslBundle.of(SslStoreBundle.of(keyStore, PASSWORD, null), SslBundleKey.of(PASSWORD, ALIAS));
    }

    @Override
    public String toString() {
        return "CertwrightSslBundle[" + bundleName + " for " + certificateName + "]";
    }
}
