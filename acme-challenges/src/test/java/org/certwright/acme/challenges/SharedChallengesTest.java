package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.ManagedKeyManager;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.acme.lifecycle.StoreLease;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Challenges answered by one instance of a cluster and validated at another: two stores over one
 * directory stand for two processes, and the "other instance" serves real HTTP and TLS.
 */
class SharedChallengesTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private HttpServer http;
    private HttpsServer https;

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (https != null) {
            https.stop(0);
        }
    }

    @Test
    void anHttpChallengeAnsweredByOneInstanceIsServedByAnother() throws Exception {
        StoreHttpResponder ordering = new StoreHttpResponder(new SharedHttpChallengeStore(FileCertificateStore.open(dir)));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", new HttpChallengeHandler(new SharedHttpChallengeStore(FileCertificateStore.open(dir))));
        http.start();

        ChallengeContext context = Contexts.http01("example.com");
        HttpResource file = context.httpResource().orElseThrow();
        URI url = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + file.path());
        Provision provision = ordering.provision(context);
        HttpResponse<String> served = get(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(file.content());

        provision.close();
        assertThat(get(url).statusCode()).isEqualTo(404);
        assertThat(FileCertificateStore.open(dir).list(StoreLayout.CHALLENGES)).isEmpty();
    }

    @Test
    void aStoreThatFailsIsAProvisioningErrorWhenAnsweringAndNotFoundWhenServing() throws Exception {
        CertificateStore broken = new FailingStore(FileCertificateStore.open(dir));
        StoreHttpResponder responder = new StoreHttpResponder(new SharedHttpChallengeStore(broken));
        assertThatThrownBy(() -> responder.provision(Contexts.http01("example.com")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("the disk is gone");
        assertThat(new SharedHttpChallengeStore(broken).lookup(Contexts.token())).isEmpty();
        assertThat(new SharedHttpChallengeStore(broken).lookup("../../etc/passwd")).isEmpty();
    }

    @Test
    void aTlsAlpnChallengeAnsweredByOneInstanceIsServedByAnothersKeyManager() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SharedTlsAlpnResponder ordering = new SharedTlsAlpnResponder(FileCertificateStore.open(dir));
            ManagedKeyManager otherInstance = serveTls();
            otherInstance.setValidationLookup(Optional.of(new SharedTlsAlpnResponder(FileCertificateStore.open(dir))));
            int port = https.getAddress().getPort();

            ChallengeContext context = Contexts.tlsAlpn01(Identifier.dns("example.com"));
            TlsAlpnValidation validation = context.tlsAlpn().orElseThrow();
            assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL))
                    .as("nothing to validate yet").isInstanceOf(IOException.class);

            Provision provision = ordering.provision(context);
            TlsClient.Result ca = TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL);
            assertThat(ca.applicationProtocol()).isEqualTo(TlsAlpnValidation.ALPN_PROTOCOL);
            assertThat(ca.acmeIdentifierDigest()).isEqualTo(validation.digest());
            assertThat(ca.peer().getSubjectAlternativeNames()).containsExactly(List.of(2, "example.com"));
            // The certificate made for the validation is kept while the validation stays the same.
            assertThat(TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL).peer())
                    .isEqualTo(ca.peer());
            assertThat(TlsClient.handshake(port, "example.com", "http/1.1").peer().getSubjectX500Principal().getName())
                    .as("ordinary clients still get the application's certificate").contains("app.example");

            // A second order for the same name replaces the validation everywhere.
            ChallengeContext again = Contexts.tlsAlpn01(Identifier.dns("example.com"));
            Provision second = ordering.provision(again);
            assertThat(TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL).acmeIdentifierDigest())
                    .isEqualTo(again.tlsAlpn().orElseThrow().digest());
            provision.close(); // the first order's clean-up leaves the second's validation alone
            assertThat(TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL).acmeIdentifierDigest())
                    .isEqualTo(again.tlsAlpn().orElseThrow().digest());

            second.close();
            assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL))
                    .isInstanceOf(IOException.class);
        });
    }

    @Test
    void aLookupThatThrowsRefusesOnlyTheValidationHandshake() {
        assertTimeoutPreemptively(LIMIT, () -> {
            ManagedKeyManager keyManager = serveTls();
            keyManager.setValidationLookup(Optional.of(new SharedTlsAlpnResponder(new FailingStore(
                    FileCertificateStore.open(dir)))));
            int port = https.getAddress().getPort();
            assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", TlsAlpnValidation.ALPN_PROTOCOL))
                    .isInstanceOf(IOException.class);
            assertThat(TlsClient.handshake(port, "app.example", "http/1.1").peer().getSubjectX500Principal().getName())
                    .contains("app.example");
        });
    }

    @Test
    void ipAddressesAreSharedUnderTheirReverseName() throws Exception {
        SharedTlsAlpnResponder responder = new SharedTlsAlpnResponder(FileCertificateStore.open(dir));
        ChallengeContext context = Contexts.tlsAlpn01(Identifier.ip("192.0.2.7"));
        TlsAlpnValidation validation = context.tlsAlpn().orElseThrow();
        try (Provision p = responder.provision(context)) {
            assertThat(new SharedTlsAlpnResponder(FileCertificateStore.open(dir)).find(validation.serverName()))
                    .contains(validation);
        }
        assertThat(responder.find(validation.serverName())).isEmpty();
        assertThat(responder.find("no such/name")).isEmpty();
    }

    private ManagedKeyManager serveTls() throws Exception {
        ManagedKeyManager keyManager = new ManagedKeyManager();
        KeyPair key = KeyType.EC_P256.generate();
        keyManager.update("app", key.getPrivate(), List.of(selfSigned(key, "app.example")));
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        https.start();
        return keyManager;
    }

    private static HttpResponse<String> get(URI url) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static X509Certificate selfSigned(KeyPair key, String name) throws Exception {
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject,
                key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, name)))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    /** A store whose reads and unfenced writes fail, as one whose disk or database is gone. */
    private record FailingStore(CertificateStore delegate) implements CertificateStore {
        @Override
        public Optional<byte[]> read(String name) throws StoreException {
            throw new StoreException("the disk is gone", name);
        }

        @Override
        public void write(String name, byte[] content) throws StoreException {
            throw new StoreException("the disk is gone", name);
        }

        @Override
        public void write(String name, byte[] content, StoreLease lease) throws StoreException {
            throw new StoreException("the disk is gone", name);
        }

        @Override
        public boolean delete(String name) throws StoreException {
            throw new StoreException("the disk is gone", name);
        }

        @Override
        public boolean delete(String name, StoreLease lease) throws StoreException {
            throw new StoreException("the disk is gone", name);
        }

        @Override
        public List<String> list(String prefix) throws StoreException {
            return delegate.list(prefix);
        }

        @Override
        public Optional<StoreLease> tryLock(String lockName, String owner, Duration leaseDuration) throws StoreException {
            return delegate.tryLock(lockName, owner, leaseDuration);
        }

        @Override
        public StoreLease renew(StoreLease lease, Duration leaseDuration) throws StoreException {
            return delegate.renew(lease, leaseDuration);
        }

        @Override
        public void release(StoreLease lease) throws StoreException {
            delegate.release(lease);
        }
    }
}
