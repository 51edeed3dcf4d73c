package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An application's own TLS server answering tls-alpn-01 through the key manager. */
// A provision held open by try-with-resources is the point of the block, not an unused resource.
@SuppressWarnings("try")
class TlsAlpnKeyManagerTest {

    private static final String ACME_TLS = "acme-tls/1";
    private static KeyPair appKey;
    private static X509Certificate appCertificate;
    private static KeyManagerFactory appKeyManagers;

    private HttpsServer https;

    @BeforeAll
    static void applicationCertificate() throws Exception {
        appKey = KeyType.EC_P256.generate();
        X500Name name = new X500Name("CN=application");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(1))),
                name, appKey.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "example.com"),
            new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {127, 0, 0, 1}))}));
        appCertificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(appKey.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("app", appKey.getPrivate(), new char[0], new X509Certificate[] {appCertificate});
        appKeyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        appKeyManagers.init(store, new char[0]);
    }

    @AfterEach
    void stop() {
        if (https != null) {
            https.stop(0);
        }
    }

    @Test
    void anSslEngineServerAnswersTheCaAndEveryoneElse() throws Exception {
        TlsAlpnKeyManager keyManager = TlsAlpnKeyManager.wrapping(appKeyManagers.getKeyManagers());
        int port = startHttpsServer(keyManager.createSslContext());
        ChallengeResponder responder = keyManager.responder();
        ChallengeContext context = Contexts.tlsAlpn01(Identifier.dns("example.com"));
        assertThat(responder.supports(context)).isTrue();

        try (Provision p = responder.provision(context)) {
            assertThat(keyManager.serverNames()).containsExactly("example.com");
            TlsClient.Result ca = TlsClient.handshake(port, "example.com", ACME_TLS);
            assertThat(ca.applicationProtocol()).isEqualTo(ACME_TLS);
            assertThat(ca.acmeIdentifierDigest()).isEqualTo(context.tlsAlpn().orElseThrow().digest());

            // Browsers and other clients still get the application's certificate and no ALPN, as before.
            TlsClient.Result browser = TlsClient.handshake(port, "example.com", "h2", "http/1.1");
            assertThat(browser.peer()).isEqualTo(appCertificate);
            assertThat(browser.applicationProtocol()).isEmpty();
            assertThat(TlsClient.handshake(port, "example.com").peer()).isEqualTo(appCertificate);
            assertThat(httpsGet(port)).isEqualTo("hello");

            // The JDK's HTTPS server drops a failed handshake without an alert: any IOException.
            assertThatThrownBy(() -> TlsClient.handshake(port, "other.example.com", ACME_TLS))
                    .isInstanceOf(IOException.class);
        }
        assertThat(keyManager.serverNames()).isEmpty();
        assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", ACME_TLS)).isInstanceOf(IOException.class);
        assertThat(httpsGet(port)).isEqualTo("hello");
    }

    @Test
    void withADelegateTls12GivesTheApplicationCertificate() throws Exception {
        // Documented limitation: in TLS 1.2 the JDK picks the certificate before ALPN is negotiated.
        TlsAlpnKeyManager keyManager = TlsAlpnKeyManager.wrapping(appKeyManagers.getKeyManagers());
        int port = startHttpsServer(keyManager.createSslContext());
        Provision p = keyManager.responder().provision(Contexts.tlsAlpn01(Identifier.dns("example.com")));
        try {
            assertThat(TlsClient.handshakeWithVersion(port, "TLSv1.2", "example.com", "http/1.1").peer())
                    .isEqualTo(appCertificate);
            assertThat(TlsClient.handshakeWithVersion(port, "TLSv1.3", "example.com", ACME_TLS).peer())
                    .isNotEqualTo(appCertificate);
        } finally {
            p.close();
        }
    }

    @Test
    void aServerSocketKeepsItsOwnAlpnProtocols() throws Exception {
        TlsAlpnKeyManager keyManager = new TlsAlpnKeyManager(
                (javax.net.ssl.X509KeyManager) appKeyManagers.getKeyManagers()[0]);
        SSLContext context = keyManager.createSslContext();
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptForever(server), "test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            int port = server.getLocalPort();
            try (Provision p = keyManager.responder().provision(Contexts.tlsAlpn01(Identifier.ip("127.0.0.1")))) {
                TlsClient.Result ca = TlsClient.handshake(port, "1.0.0.127.in-addr.arpa", ACME_TLS);
                assertThat(ca.applicationProtocol()).isEqualTo(ACME_TLS);
                assertThat(ca.peer().getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));

                TlsClient.Result http11 = TlsClient.handshake(port, "example.com", "http/1.1");
                assertThat(http11.applicationProtocol()).isEqualTo("http/1.1");
                assertThat(http11.peer()).isEqualTo(appCertificate);
                TlsClient.Result h2 = TlsClient.handshake(port, "example.com", "http/1.1", "h2");
                assertThat(h2.applicationProtocol()).isEqualTo("h2"); // the server's preference, as in the JDK
                assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", "spdy/3"))
                        .isInstanceOf(SSLException.class); // no common protocol fails, as in the JDK
            }
        }
    }

    @Test
    void withoutADelegateRefusesEverythingButAcmeTls() throws Exception {
        TlsAlpnKeyManager keyManager = new TlsAlpnKeyManager();
        int port = startHttpsServer(keyManager.createSslContext());
        TlsAlpnCertificate certificate = TlsAlpnCertificates.create(Contexts.validation(Identifier.dns("example.com")));
        keyManager.add(certificate);
        assertThat(keyManager.lookup("EXAMPLE.com")).containsSame(certificate);
        assertThat(TlsClient.handshake(port, "example.com", ACME_TLS).peer()).isEqualTo(certificate.certificate());
        assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", "http/1.1")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TlsClient.handshake(port, "example.com")).isInstanceOf(IOException.class);
        assertThat(TlsClient.handshakeWithVersion(port, "TLSv1.2", "example.com", ACME_TLS).peer())
                .isEqualTo(certificate.certificate());
        assertThatThrownBy(() -> TlsClient.handshakeWithVersion(port, "TLSv1.2", "example.com", "http/1.1"))
                .isInstanceOf(IOException.class);
        assertThat(keyManager.remove(certificate)).isTrue();
        assertThat(keyManager.remove(certificate)).isFalse();
        assertThat(keyManager.lookup("example.com")).isEmpty();
    }

    @Test
    void presentsTheNewestCertificateForAName() throws Exception {
        TlsAlpnKeyManager keyManager = new TlsAlpnKeyManager();
        int port = startHttpsServer(keyManager.createSslContext());
        TlsAlpnCertificate older = TlsAlpnCertificates.create(Contexts.validation(Identifier.dns("example.com")));
        TlsAlpnCertificate newer = TlsAlpnCertificates.create(Contexts.validation(Identifier.dns("example.com")));
        keyManager.add(older);
        keyManager.add(newer);
        assertThat(TlsClient.handshake(port, "example.com", ACME_TLS).peer()).isEqualTo(newer.certificate());
        keyManager.remove(newer);
        assertThat(TlsClient.handshake(port, "example.com", ACME_TLS).peer()).isEqualTo(older.certificate());
    }

    @Test
    void theContextCannotBeReinitialised() {
        SSLContext context = new TlsAlpnKeyManager().createSslContext();
        assertThatThrownBy(() -> context.init(null, null, null)).isInstanceOf(java.security.KeyManagementException.class);
        assertThat(context.getProtocol()).isEqualTo("TLS");
    }

    @Test
    void refusesKeyManagersWithoutX509() {
        assertThatThrownBy(TlsAlpnKeyManager::wrapping).isInstanceOf(IllegalArgumentException.class);
    }

    private int startHttpsServer(SSLContext context) throws IOException {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context));
        https.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        https.start();
        return https.getAddress().getPort();
    }

    private static String httpsGet(int port) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("app", appCertificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_1_1).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void acceptForever(SSLServerSocket server) {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                socket.setSSLParameters(parameters);
                TlsAlpnKeyManager.negotiateAcmeTls(socket);
                Thread t = new Thread(() -> {
                    try (socket) {
                        socket.setSoTimeout(5000);
                        socket.startHandshake();
                    } catch (IOException ignored) {
                        // the client is told by the alert
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
