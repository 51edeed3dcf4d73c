package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real TLS handshakes against the JDK's HttpsServer (and an SSLServerSocket) serving a {@link ManagedKeyManager}. */
class ManagedKeyManagerTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String ECDSA_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String RSA_SUITE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

    private final ManagedKeyManager keyManager = new ManagedKeyManager();
    private HttpsServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anUpdateReachesTheNextHandshakeWhileOpenConnectionsKeepWorking() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TlsTestCertificates a = TlsTestCertificates.selfSigned(0xA, KeyType.EC_P256, "example.com");
            TlsTestCertificates b = TlsTestCertificates.selfSigned(0xB, KeyType.EC_P256, "example.com");
            keyManager.update("site", a.key(), a.chain());

            try (SSLSocket before = connect(Optional.of("example.com"), p -> { })) {
                assertThat(get(before)).isEqualTo("ok");
                assertThat(serial(before)).isEqualTo(a.serial());

                keyManager.update("site", b.key(), b.chain());

                assertThat(serialOf(Optional.of("example.com"), p -> { })).isEqualTo(b.serial().longValueExact());
                // The connection opened before the swap is still served, with its certificate.
                assertThat(get(before)).isEqualTo("ok");
                assertThat(serial(before)).isEqualTo(a.serial());
            }
            assertThat(keyManager.chain("site")).contains(b.chain());
        });
    }

    @Test
    void sniChoosesTheExactNameThenAOneLabelWildcardThenTheDefault() {
        assertTimeoutPreemptively(LIMIT, () -> {
            add("a", 1, KeyType.EC_P256, "a.example.com");
            add("b", 2, KeyType.EC_P256, "b.example.com", "b.example.org");
            add("wild", 3, KeyType.EC_P256, "*.example.com");

            assertThat(serialOf(Optional.of("a.example.com"), p -> { })).isEqualTo(1);
            assertThat(serialOf(Optional.of("B.Example.ORG"), p -> { })).isEqualTo(2);
            assertThat(serialOf(Optional.of("www.example.com"), p -> { })).isEqualTo(3);
            // A wildcard covers one label only; what no certificate names gets the default (the first added).
            assertThat(serialOf(Optional.of("x.www.example.com"), p -> { })).isEqualTo(1);
            assertThat(serialOf(Optional.of("example.com"), p -> { })).isEqualTo(1);
        });
    }

    @Test
    void clientsWithoutSniGetTheDefaultCertificate() {
        assertTimeoutPreemptively(LIMIT, () -> {
            add("first", 1, KeyType.EC_P256, "first.example");
            add("second", 2, KeyType.EC_P256, "second.example");
            assertThat(serialOf(Optional.empty(), p -> { })).isEqualTo(1);

            keyManager.setDefault("second");
            assertThat(serialOf(Optional.empty(), p -> { })).isEqualTo(2);

            keyManager.setDefault(Optional.empty());
            assertThat(serialOf(Optional.empty(), p -> { })).isEqualTo(1);
        });
    }

    @Test
    void theKeyTypeFollowsWhatTheClientAccepts() {
        assertTimeoutPreemptively(LIMIT, () -> {
            add("ec", 0xEC, KeyType.EC_P256, "both.example");
            add("rsa", 0x25A, KeyType.RSA_2048, "both.example");
            add("rsa-only", 0x77, KeyType.RSA_2048, "rsa.example");

            assertThat(serialOf(Optional.of("both.example"), tls12(ECDSA_SUITE))).isEqualTo(0xEC);
            assertThat(serialOf(Optional.of("both.example"), tls12(RSA_SUITE))).isEqualTo(0x25A);
            assertThat(serialOf(Optional.of("rsa.example"), tls12(RSA_SUITE))).isEqualTo(0x77);
            // Never the default's EC certificate for a name whose certificate is RSA.
            assertThatThrownBy(() -> serialOf(Optional.of("rsa.example"), tls12(ECDSA_SUITE)))
                    .isInstanceOf(IOException.class);
        });
    }

    @Test
    void aRemovedCertificateIsNoLongerServed() {
        assertTimeoutPreemptively(LIMIT, () -> {
            add("a", 1, KeyType.EC_P256, "a.example");
            add("b", 2, KeyType.EC_P256, "b.example");
            assertThat(serialOf(Optional.of("b.example"), p -> { })).isEqualTo(2);

            assertThat(keyManager.remove("b")).isTrue();
            assertThat(keyManager.remove("b")).isFalse();
            assertThat(keyManager.ids()).containsExactly("a");
            assertThat(serialOf(Optional.of("b.example"), p -> { })).isEqualTo(1);

            keyManager.remove("a");
            assertThatThrownBy(() -> serialOf(Optional.of("a.example"), p -> { })).isInstanceOf(IOException.class);
        });
    }

    @Test
    void theCertificateManagerListenerServesWhatTheManagerUpdates() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CertificateManagerListener listener = keyManager.certificateManagerListener();
            TlsTestCertificates first = TlsTestCertificates.selfSigned(7, KeyType.EC_P256, "managed.example");
            TlsTestCertificates renewed = TlsTestCertificates.selfSigned(8, KeyType.EC_P256, "managed.example");

            listener.updated("managed.example", new CurrentCertificate(
                    new KeyPair(first.certificate().getPublicKey(), first.key()), first.chain()));
            assertThat(serialOf(Optional.of("managed.example"), p -> { })).isEqualTo(7);

            listener.updated("managed.example", new CurrentCertificate(
                    new KeyPair(renewed.certificate().getPublicKey(), renewed.key()), renewed.chain()));
            assertThat(serialOf(Optional.of("managed.example"), p -> { })).isEqualTo(8);
            assertThat(keyManager.ids()).containsExactly("managed.example");

            listener.removed("managed.example");
            assertThat(keyManager.ids()).isEmpty();
        });
    }

    @Test
    void clientsConnectingToAnIpAddressGetItsCertificateOnSockets() throws Exception {
        add("dns", 1, KeyType.EC_P256, "dns.example");
        add("ip", 2, KeyType.EC_P256, "127.0.0.1");
        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener = (SSLServerSocket) keyManager.sslContext().getServerSocketFactory()
                .createServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
            acceptor.submit(() -> {
                while (!listener.isClosed()) {
                    try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                        accepted.setSoTimeout(10_000);
                        ManagedKeyManager.negotiateAcmeTls(accepted);
                        accepted.startHandshake();
                        accepted.getInputStream().read();
                    } catch (IOException e) {
                        // the client closed, or the test is over
                    }
                }
                return null;
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                // The JDK sends no SNI to an IP address.
                assertThat(serialOf(listener.getLocalPort(), Optional.empty(), p -> { })).isEqualTo(2);
                assertThat(serialOf(listener.getLocalPort(), Optional.of("dns.example"), p -> { })).isEqualTo(1);
            });
        } finally {
            acceptor.shutdownNow();
            assertThat(acceptor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void tlsAlpnValidationCertificatesGoOnlyToAcmeTlsClients() {
        assertTimeoutPreemptively(LIMIT, () -> {
            add("site", 1, KeyType.EC_P256, "a.example.com", "b.example.com");
            TlsAlpnValidation validation = validation("a.example.com");
            TlsTestCertificates proof = TlsTestCertificates.validation(0xACE, validation);
            keyManager.addValidation(validation, proof.certificate(), proof.key());

            try (SSLSocket ca = connect(Optional.of("a.example.com"), alpn("acme-tls/1"))) {
                assertThat(serial(ca)).isEqualTo(0xACE);
                assertThat(ca.getApplicationProtocol()).isEqualTo("acme-tls/1");
            }
            assertThat(serialOf(Optional.of("a.example.com"), p -> { })).isEqualTo(1);
            assertThat(serialOf(Optional.of("a.example.com"), alpn("http/1.1"))).isEqualTo(1);
            // acme-tls/1 never gets the application's certificate.
            assertThatThrownBy(() -> serialOf(Optional.of("b.example.com"), alpn("acme-tls/1")))
                    .isInstanceOf(IOException.class);

            assertThat(keyManager.removeValidation(validation)).isTrue();
            assertThat(keyManager.removeValidation(validation)).isFalse();
            assertThatThrownBy(() -> serialOf(Optional.of("a.example.com"), alpn("acme-tls/1")))
                    .isInstanceOf(IOException.class);
            assertThat(serialOf(Optional.of("a.example.com"), p -> { })).isEqualTo(1);
        });
    }

    @Test
    void removingAnOlderValidationLeavesTheNewerOne() {
        TlsAlpnValidation older = validation("a.example.com");
        TlsAlpnValidation newer = validation("a.example.com");
        TlsTestCertificates olderProof = TlsTestCertificates.validation(1, older);
        TlsTestCertificates newerProof = TlsTestCertificates.validation(2, newer);
        keyManager.addValidation(older, olderProof.certificate(), olderProof.key());
        keyManager.addValidation(newer, newerProof.certificate(), newerProof.key());

        assertThat(keyManager.removeValidation(older)).isFalse();
        assertThat(keyManager.removeValidation(newer)).isTrue();
    }

    @Test
    void anAliasChosenBeforeASwapStillResolvesToItsOwnKeyAndChain() {
        TlsTestCertificates a = TlsTestCertificates.selfSigned(0xA, KeyType.EC_P256, "example.com");
        TlsTestCertificates b = TlsTestCertificates.selfSigned(0xB, KeyType.EC_P256, "example.com");
        keyManager.update("site", a.key(), a.chain());
        String alias = keyManager.chooseEngineServerAlias("EC", null, null);

        keyManager.update("site", b.key(), b.chain());
        assertThat(keyManager.getPrivateKey(alias)).isEqualTo(a.key());
        assertThat(keyManager.getCertificateChain(alias)).containsExactly(a.certificate());
        assertThat(keyManager.chooseEngineServerAlias("EC", null, null)).isNotEqualTo(alias);

        // Retired aliases are bounded: enough later swaps forget them.
        for (int i = 0; i <= ManagedKeyManager.RETIRED; i++) {
            keyManager.update("site", b.key(), b.chain());
        }
        assertThat(keyManager.getPrivateKey(alias)).isNull();
    }

    @Test
    void handshakesDuringContinualSwapsAllSucceed() throws Exception {
        TlsTestCertificates a = TlsTestCertificates.selfSigned(0xA, KeyType.EC_P256, "example.com");
        TlsTestCertificates b = TlsTestCertificates.selfSigned(0xB, KeyType.EC_P256, "example.com");
        keyManager.update("site", a.key(), a.chain());
        ExecutorService swapper = Executors.newSingleThreadExecutor();
        try {
            var swaps = swapper.submit(() -> {
                for (int i = 0; ; i++) {
                    TlsTestCertificates next = i % 2 == 0 ? b : a;
                    keyManager.update("site", next.key(), next.chain());
                    Thread.sleep(1); // ends the loop when interrupted
                }
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(serialOf(Optional.of("example.com"), p -> { })).isIn(0xAL, 0xBL);
                }
            });
            assertThat(swaps.isDone()).isFalse();
        } finally {
            swapper.shutdownNow();
            assertThat(swapper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        TlsTestCertificates a = TlsTestCertificates.selfSigned(1, KeyType.EC_P256, "a.example");
        TlsTestCertificates b = TlsTestCertificates.selfSigned(2, KeyType.EC_P256, "b.example");
        assertThatThrownBy(() -> keyManager.update("a", b.key(), a.chain()))
                .isInstanceOf(InvalidKeyMaterialException.class).hasMessageContaining("certificate a");
        assertThatThrownBy(() -> keyManager.update(" ", a.key(), a.chain()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> keyManager.update("a", a.key(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");

        TlsAlpnValidation validation = validation("a.example.com");
        TlsTestCertificates other = TlsTestCertificates.validation(3, validation("a.example.com"));
        assertThatThrownBy(() -> keyManager.addValidation(validation, other.certificate(), other.key()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest");
        TlsTestCertificates elsewhere = TlsTestCertificates.validation(4,
                new TlsAlpnValidation(Identifier.dns("b.example.com"), "b.example.com", validation.digest()));
        assertThatThrownBy(() -> keyManager.addValidation(validation, elsewhere.certificate(), elsewhere.key()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.example.com");
        assertThatThrownBy(() -> keyManager.addValidation(validation, a.certificate(), a.key()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acmeIdentifier");
        assertThat(keyManager.ids()).isEmpty();
    }

    @Test
    void enginesOfTheContextSpeakOnlyTls13And12() {
        SSLEngine engine = keyManager.sslContext().createSSLEngine();
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(keyManager.sslContext().getDefaultSSLParameters().getProtocols())
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    // ---------------------------------------------------------------- helpers

    private void add(String id, long serial, KeyType type, String... names) {
        TlsTestCertificates c = TlsTestCertificates.selfSigned(serial, type, names);
        keyManager.update(id, c.key(), c.chain());
    }

    private static TlsAlpnValidation validation(String name) {
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        return new TlsAlpnValidation(Identifier.dns(name), name, digest);
    }

    private static Consumer<SSLParameters> tls12(String suite) {
        return p -> {
            p.setProtocols(new String[] {"TLSv1.2"});
            p.setCipherSuites(new String[] {suite});
        };
    }

    private static Consumer<SSLParameters> alpn(String protocol) {
        return p -> {
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setApplicationProtocols(new String[] {protocol});
        };
    }

    private long serialOf(Optional<String> sni, Consumer<SSLParameters> tweak) throws IOException {
        return serialOf(server.getAddress().getPort(), sni, tweak);
    }

    private static long serialOf(int port, Optional<String> sni, Consumer<SSLParameters> tweak) throws IOException {
        try (SSLSocket socket = connect(port, sni, tweak)) {
            return serial(socket).longValueExact();
        }
    }

    private SSLSocket connect(Optional<String> sni, Consumer<SSLParameters> tweak) throws IOException {
        return connect(server.getAddress().getPort(), sni, tweak);
    }

    /** A fresh client context each time, so that no session is resumed. */
    private static SSLSocket connect(int port, Optional<String> sni, Consumer<SSLParameters> tweak) throws IOException {
        SSLSocket socket;
        try {
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {new TrustEverything()}, null);
            socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            sni.ifPresent(name -> parameters.setServerNames(List.of(new SNIHostName(name))));
            tweak.accept(parameters);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static BigInteger serial(SSLSocket socket) throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    /** One HTTP/1.1 request on a kept-alive connection; returns the body. */
    private static String get(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        int length = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Test client only: the tests look at which certificate the server chose, not at trust. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
