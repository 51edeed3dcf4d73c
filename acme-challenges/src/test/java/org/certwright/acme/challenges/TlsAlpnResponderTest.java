package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLException;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// A provision held open by try-with-resources is the point of the block, not an unused resource.
@SuppressWarnings("try")
class TlsAlpnResponderTest {

    private static final String ACME_TLS = "acme-tls/1";

    private final int port = Contexts.freePort();
    private final TlsAlpnResponder responder = new TlsAlpnResponder(InetAddress.getLoopbackAddress(), port);

    @AfterEach
    void close() {
        responder.close();
    }

    @Test
    void handshakesThatNeverFinishCannotKeepTheCaFromBeingAnswered() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")));
                 Slowloris stalled = Slowloris.open(port, 64, Slowloris.TLS)) {
                Thread.sleep(500); // lets the server take up every stalled connection first
                assertThat(TlsClient.handshake(port, "example.com", ACME_TLS).applicationProtocol()).isEqualTo(ACME_TLS);
                assertThat(stalled.closedByServerWithin(Duration.ofSeconds(30))).isEqualTo(stalled.size());
            }
        });
    }

    @Test
    void theProvisionSignalsOnceTheCaCompletedAHandshakeForItsName() throws Exception {
        try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("www.example.com")));
             Provision q = responder.provision(Contexts.tlsAlpn01(Identifier.dns("other.example.com")))) {
            java.util.concurrent.CompletableFuture<Void> seen = p.validationSeen().orElseThrow().toCompletableFuture();
            java.util.concurrent.CompletableFuture<Void> otherSeen =
                    q.validationSeen().orElseThrow().toCompletableFuture();
            assertThatThrownBy(() -> TlsClient.handshake(port, "unknown.example.com", ACME_TLS))
                    .isInstanceOf(IOException.class);
            assertThat(seen).isNotDone();

            TlsClient.handshake(port, "WWW.example.com", ACME_TLS);

            seen.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(otherSeen).isNotDone();
        }
    }

    @Test
    void presentsTheValidationCertificateForTheSniInFlight() throws Exception {
        ChallengeContext context = Contexts.tlsAlpn01(Identifier.dns("www.example.com"));
        try (Provision p = responder.provision(context)) {
            TlsClient.Result result = TlsClient.handshake(port, "www.example.com", ACME_TLS);
            assertThat(result.applicationProtocol()).isEqualTo(ACME_TLS);
            assertThat(result.peer().getSubjectAlternativeNames()).containsExactly(List.of(2, "www.example.com"));
            assertThat(result.acmeIdentifierDigest()).isEqualTo(context.tlsAlpn().orElseThrow().digest());
        }
    }

    @Test
    void answersAnIpAddressByItsReverseName() throws Exception {
        try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.ip("127.0.0.1")))) {
            TlsClient.Result result = TlsClient.handshake(port, "1.0.0.127.in-addr.arpa", ACME_TLS);
            assertThat(result.peer().getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        }
    }

    @Test
    void speaksTls12AndTls13() throws Exception {
        try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")))) {
            assertThat(TlsClient.handshakeWithVersion(port, "TLSv1.3", "example.com", ACME_TLS).protocol()).isEqualTo("TLSv1.3");
            assertThat(TlsClient.handshakeWithVersion(port, "TLSv1.2", "example.com", ACME_TLS).protocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void refusesHandshakesThatAreNotAcmeTls() throws Exception {
        try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")))) {
            assertThatThrownBy(() -> TlsClient.handshake(port, "example.com")).isInstanceOf(SSLException.class);
            assertThatThrownBy(() -> TlsClient.handshake(port, "example.com", "h2", "http/1.1"))
                    .isInstanceOf(SSLException.class);
            // Still serving the CA afterwards.
            assertThat(TlsClient.handshake(port, "example.com", ACME_TLS).applicationProtocol()).isEqualTo(ACME_TLS);
        }
    }

    @Test
    void refusesUnknownOrMissingServerNames() throws Exception {
        try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")))) {
            assertThatThrownBy(() -> TlsClient.handshake(port, "other.example.com", ACME_TLS))
                    .isInstanceOf(SSLException.class);
            assertThatThrownBy(() -> TlsClient.handshake(port, null, ACME_TLS)).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void stopsAfterCleanUp() throws Exception {
        Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")));
        assertThat(responder.isListening()).isTrue();
        p.close();
        p.close();
        assertThat(responder.isListening()).isFalse();
        // Binding the port proves nobody listens; connecting could hit the client's own socket
        // when the kernel picks this (ephemeral-range) port as the source port.
        assertThat(Contexts.isFree(port)).isTrue();
    }

    @Test
    void stopsPresentingACertificateAfterItsCleanUp() throws Exception {
        try (Provision kept = responder.provision(Contexts.tlsAlpn01(Identifier.dns("kept.example.com")))) {
            responder.provision(Contexts.tlsAlpn01(Identifier.dns("gone.example.com"))).close();
            assertThatThrownBy(() -> TlsClient.handshake(port, "gone.example.com", ACME_TLS))
                    .isInstanceOf(SSLException.class);
            assertThat(TlsClient.handshake(port, "kept.example.com", ACME_TLS).applicationProtocol()).isEqualTo(ACME_TLS);
        }
    }

    @Test
    void answersConcurrentValidationsEachWithItsOwnCertificate() throws Exception {
        TlsAlpnResponder second = new TlsAlpnResponder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                ChallengeContext context = Contexts.tlsAlpn01(Identifier.dns("n" + i + ".example.com"));
                TlsAlpnResponder r = i % 2 == 0 ? responder : second;
                futures.add(pool.submit(() -> {
                    start.await();
                    TlsAlpnValidation validation = context.tlsAlpn().orElseThrow();
                    try (Provision p = r.provision(context)) {
                        TlsClient.Result result = TlsClient.handshake(port, validation.serverName(), ACME_TLS);
                        assertThat(result.acmeIdentifierDigest()).isEqualTo(validation.digest());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            second.close();
        }
        assertThat(responder.isListening()).isFalse();
    }

    @Test
    void closesConnectionsThatNeverHandshake() throws Exception {
        try (Provision p = responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")));
             Socket idle = new Socket(InetAddress.getLoopbackAddress(), port)) {
            idle.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a record, then nothing
            // Others are not held up by it.
            assertThat(TlsClient.handshake(port, "example.com", ACME_TLS).applicationProtocol()).isEqualTo(ACME_TLS);
        }
    }

    @Test
    void closeRemovesWhatIsInFlightAndRefusesMore() throws Exception {
        responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com")));
        responder.close();
        assertThat(responder.isListening()).isFalse();
        assertThatThrownBy(() -> responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com"))))
                .isInstanceOf(ProvisioningException.class);
    }

    @Test
    void reportsAPortThatCannotBeBound() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThatThrownBy(() -> responder.provision(Contexts.tlsAlpn01(Identifier.dns("example.com"))))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining(Integer.toString(port));
        }
        assertThat(responder.isListening()).isFalse();
    }

    @Test
    void supportsTlsAlpnForNamesAndAddressesButNotWildcards() {
        assertThat(responder.supports(Contexts.tlsAlpn01(Identifier.dns("example.com")))).isTrue();
        assertThat(responder.supports(Contexts.tlsAlpn01(Identifier.ip("::1")))).isTrue();
        assertThat(responder.supports(Contexts.tlsAlpn01(Identifier.dns("*.example.com")))).isFalse();
        assertThat(responder.supports(Contexts.http01("example.com"))).isFalse();
        assertThatThrownBy(() -> responder.provision(Contexts.http01("example.com")))
                .isInstanceOf(ProvisioningException.class);
    }
}
