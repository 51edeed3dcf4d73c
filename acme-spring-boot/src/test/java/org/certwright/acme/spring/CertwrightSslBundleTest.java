package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.StoreLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

/** What the bundle serves at registration, and when it asks the server to reload. */
class CertwrightSslBundleTest {

    private static final String NAME = "example.com";

    @TempDir
    Path dir;

    private static X509Certificate served(DefaultSslBundleRegistry registry) throws Exception {
        KeyStore ks = registry.getBundle("certwright").getStores().getKeyStore();
        return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    }

    @Test
    void startsWithTheStoredCertificateAndReloadsOnlyForANewOne() throws Exception {
        FileCertificateStore store = FileCertificateStore.open(dir);
        CurrentCertificate stored = TemporaryCertificate.create(List.of(NAME));
        store.write(StoreLayout.certificateKey(NAME),
                Pem.encodePrivateKey(stored.keyPair().getPrivate()).getBytes(StandardCharsets.US_ASCII));
        store.write(StoreLayout.certificateChain(NAME),
                Pem.encodeCertificates(stored.chain()).getBytes(StandardCharsets.US_ASCII));
        CertwrightSslBundle bundle = new CertwrightSslBundle("certwright", NAME, List.of(NAME), store);
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
        bundle.registerBundles(registry);
        AtomicInteger reloads = new AtomicInteger();
        registry.addBundleUpdateHandler("certwright", b -> reloads.incrementAndGet());
        assertThat(served(registry)).isEqualTo(stored.leaf());

        // The manager announces what it read from the store: the same chain, another KeyPair object.
        bundle.updated(NAME, new CurrentCertificate(
                Pem.readKeyPair(Pem.encodePrivateKey(stored.keyPair().getPrivate())), stored.chain()));
        assertThat(reloads).as("no reload for the certificate already served").hasValue(0);

        CurrentCertificate renewed = TemporaryCertificate.create(List.of(NAME));
        bundle.updated(NAME, renewed);
        assertThat(reloads).hasValue(1);
        assertThat(served(registry)).isEqualTo(renewed.leaf());

        bundle.updated("other.example", TemporaryCertificate.create(List.of("other.example")));
        assertThat(reloads).as("another certificate's news").hasValue(1);
    }

    @Test
    void withAnEmptyStoreServesAMarkedTemporaryCertificate() throws Exception {
        CertwrightSslBundle bundle = new CertwrightSslBundle("certwright", NAME, List.of(NAME),
                FileCertificateStore.open(dir));
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
        bundle.registerBundles(registry);
        assertThat(bundle.isTemporary()).isTrue();
        assertThat(served(registry).getSubjectX500Principal().getName()).contains(TemporaryCertificate.MARK);
    }
}
