package org.certwright.acme.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.ManagedAccount;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example HTTPS server against Pebble: it obtains its certificate by itself (http-01 answered
 * by its own HTTP server), a TLS client that trusts only Pebble's roots gets a page over it, a
 * forced renewal reaches the next handshake of the same running server, and a restart serves the
 * stored certificate without a new order.
 */
@Pebble
class RenewingHttpsServerIT {

    static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path store;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void obtainsServesRenewsInPlaceAndRestartsFromTheStore(PebbleServer pebble) throws Exception {
        String name = "renewing-" + Long.toString(System.nanoTime(), 36) + ".certwright.test";
        SSLContext trustingPebble = trusting(pebble.roots());
        BigInteger first;
        try (RenewingHttpsServer.Running server = RenewingHttpsServer.start(settings(pebble, name))) {
            CurrentCertificate obtained = server.manager().awaitValid(name, WAIT);
            first = obtained.leaf().getSerialNumber();
            assertThat(servedSerial(pebble.roots(), server.httpsPort(), name)).isEqualTo(first);
            String page = get(trustingPebble, server.httpsPort(), name);
            assertThat(page).startsWith("HTTP/1.1 200").contains("serial " + first.toString(16));

            CurrentCertificate renewed = server.manager().renewNow(name).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(renewed.leaf().getSerialNumber()).isNotEqualTo(first);
            assertThat(servedSerial(pebble.roots(), server.httpsPort(), name))
                    .as("the running server serves the renewed certificate").isEqualTo(renewed.leaf().getSerialNumber());
            first = renewed.leaf().getSerialNumber();
        }
        try (RenewingHttpsServer.Running again = RenewingHttpsServer.start(settings(pebble, name))) {
            assertThat(again.manager().current(name)).as("served from the store at once")
                    .hasValueSatisfying(c -> assertThat(c.leaf().getSerialNumber()).isNotNull());
            assertThat(servedSerial(pebble.roots(), again.httpsPort(), name)).isEqualTo(first);
        }
    }

    private RenewingHttpsServer.Settings settings(PebbleServer pebble, String name) {
        AcmeClient client = AcmeClient.builder(pebble.directoryUrl()).trustedCertificates(List.of(pebble.trustAnchor()))
                .build();
        return new RenewingHttpsServer.Settings(client, ManagedAccount.agreeingToTerms("mailto:it@example.com"),
                List.of(name), store, InetAddress.getLoopbackAddress(), pebble.httpPort(), 0);
    }

    /** The serial a new client sees (a new context: a resumed session would show the certificate it began with). */
    private static BigInteger servedSerial(List<X509Certificate> roots, int port, String name) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(roots).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(name)));
            socket.setSSLParameters(p);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** GET / over a socket: the name resolves nowhere, so connect to 127.0.0.1 with the name as SNI and Host. */
    private static String get(SSLContext context, int port, String name) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(name)));
            socket.setSSLParameters(p);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + name + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SSLContext trusting(List<X509Certificate> roots) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            trust.setCertificateEntry("root-" + i, roots.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
