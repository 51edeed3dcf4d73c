package org.certwright.acme.spring;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.certwright.acme.AcmeEventListener;
import org.certwright.testkit.PebbleServer;

/** What the Spring Boot integration tests share: the properties for Pebble and a real TLS client. */
final class PebbleApps {

    private PebbleApps() {
    }

    /** A DNS name no other test uses; Pebble's DNS resolves every name to 127.0.0.1. */
    static String uniqueName(String label) {
        return label + "-" + Long.toString(System.nanoTime(), 36) + ".certwright.test";
    }

    /** The four lines of the user's configuration, pointed at Pebble, with the challenge port Pebble validates on. */
    static String[] properties(PebbleServer pebble, String domain, Path store, String webType) {
        return new String[] {
                "spring.main.web-application-type=" + webType,
                "server.port=0",
                "server.ssl.bundle=certwright",
                "certwright.domains=" + domain,
                "certwright.server=" + pebble.directoryUrl(),
                "certwright.agree-terms-of-service=true",
                "certwright.email=it@example.com",
                "certwright.trusted-certificates=" + pebble.trustAnchorPem(),
                "certwright.store.path=" + store,
                "certwright.http01.port=" + pebble.httpPort(),
        };
    }

    /**
     * The leaf a TLS client sees on the port, after PKIX validation against Pebble's issuing roots;
     * throws if the server's chain does not validate (the temporary certificate, for one).
     */
    static X509Certificate handshake(PebbleServer pebble, int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> roots = new ArrayList<>(pebble.roots());
        for (int i = 0; i < roots.size(); i++) {
            trust.setCertificateEntry("root" + i, roots.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Handshakes until the leaf satisfies the condition, or the deadline passes. */
    static X509Certificate awaitLeaf(PebbleServer pebble, int port, Predicate<X509Certificate> condition,
                                     Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                X509Certificate leaf = handshake(pebble, port);
                if (condition.test(leaf)) {
                    return leaf;
                }
            } catch (javax.net.ssl.SSLException e) {
                last = e; // the temporary certificate does not validate: not there yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching certificate on port " + port + " within " + timeout, last);
    }

    /** Counts the new orders an application's client sends. */
    static final class OrderCounter implements AcmeEventListener {
        final AtomicInteger orders = new AtomicInteger();

        @Override
        public void responseReceived(String method, URI url, int status, Duration elapsed) {
            if (method.equals("POST") && status < 300 && url.getPath().contains("order-plz")) {
                orders.incrementAndGet();
            }
        }
    }
}
