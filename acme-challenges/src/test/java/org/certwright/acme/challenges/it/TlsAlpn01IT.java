package org.certwright.acme.challenges.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenges.TlsAlpnKeyManager;
import org.certwright.acme.challenges.TlsAlpnResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** tls-alpn-01 validated for real by Pebble (TLS 1.3, ALPN acme-tls/1, SNI). */
@Pebble(authzReusePercent = 0)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TlsAlpn01IT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void standaloneServer(PebbleServer pebble) throws Exception {
        TlsAlpnResponder tlsAlpn01 = standalone(pebble);
        String name = PebbleSessions.uniqueName("alpn");
        RecordingListener listener = new RecordingListener();

        IssuedCertificate issued = issue(pebble, IssuanceRequest.builder().dns(name, "www." + name)
                .responders(tlsAlpn01).listener(listener).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactlyInAnyOrder(Identifier.dns(name), Identifier.dns("www." + name));
        assertThat(listener.freshTypes()).containsExactly(Challenge.TLS_ALPN_01, Challenge.TLS_ALPN_01);
        assertThat(tlsAlpn01.isListening()).isFalse();
        assertThat(Http01IT.refusesConnections(pebble.tlsPort())).isTrue();
    }

    @Test
    void ipAddressCertificate(PebbleServer pebble) throws Exception {
        TlsAlpnResponder tlsAlpn01 = standalone(pebble);
        RecordingListener listener = new RecordingListener();

        IssuedCertificate issued = issue(pebble, IssuanceRequest.builder()
                .identifiers(List.of(Identifier.ip("127.0.0.1"))).responders(tlsAlpn01).listener(listener).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.ip("127.0.0.1"));
        assertThat(listener.freshTypes()).containsExactly(Challenge.TLS_ALPN_01);
        assertThat(tlsAlpn01.isListening()).isFalse();
    }

    @Test
    void applicationsOwnTlsServer(PebbleServer pebble) throws Exception {
        // An application already serving HTTPS on the port, with its own certificate.
        TlsAlpnKeyManager keyManager = TlsAlpnKeyManager.wrapping(applicationKeyManagers().getKeyManagers());
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), pebble.tlsPort()), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(keyManager.createSslContext()));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        https.start();
        toClose.add(() -> https.stop(0));
        String name = PebbleSessions.uniqueName("app-tls");
        RecordingListener listener = new RecordingListener();

        issue(pebble, IssuanceRequest.builder().dns(name).responders(keyManager.responder()).listener(listener).build());

        assertThat(listener.freshTypes()).containsExactly(Challenge.TLS_ALPN_01);
        assertThat(keyManager.serverNames()).isEmpty();
    }

    private TlsAlpnResponder standalone(PebbleServer pebble) {
        TlsAlpnResponder responder = new TlsAlpnResponder(InetAddress.getLoopbackAddress(), pebble.tlsPort());
        toClose.add(responder);
        return responder;
    }

    private static IssuedCertificate issue(PebbleServer pebble, IssuanceRequest request) throws Exception {
        return new CertificateIssuer(PebbleSessions.withAccount(pebble)).issue(request);
    }

    private static KeyManagerFactory applicationKeyManagers() throws Exception {
        KeyPair key = KeyType.EC_P256.generate();
        X500Name name = new X500Name("CN=application");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("app", key.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory;
    }
}
