package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockWebServer;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.junit.jupiter.api.Test;

/** The first errors a new user meets name their fix. */
class ErrorMessageHintTest {

    @Test
    void anUntrustedCaCertificateNamesTheBuilderMethodAndTheCliOption() throws Exception {
        KeyPair key = KeyType.EC_P256.generate();
        TestPki pki = TestPki.shared();
        var leaf = pki.leaf(key.getPublic(), List.of(Identifier.dns("localhost")));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("ca", key.getPrivate(), new char[0], pki.chain(leaf).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(tls.getSocketFactory());
            server.start();
            URI url = URI.create("https://localhost:" + server.getPort() + "/dir");
            Session s = Session.builder(url, TestKeys.ACCOUNT).retryPolicy(RetryPolicy.NONE).build();

            assertThatThrownBy(s::directory)
                    .isInstanceOf(AcmeNetworkException.class)
                    .hasMessageContaining("not trusted")
                    .hasMessageContaining("trustedCertificates(")
                    .hasMessageContaining("--trust");
        }
    }

    @Test
    void refusedPlainHttpToLoopbackNamesTheOptIn() {
        Session s = Session.builder(URI.create("http://127.0.0.1:9/dir"), TestKeys.ACCOUNT).build();

        assertThatThrownBy(s::directory)
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("allowInsecureHttpOnLoopback()")
                .hasMessageContaining("--allow-insecure-http");
    }

    @Test
    void refusedPlainHttpToAnotherHostSaysNoOptionAllowsIt() {
        Session s = Session.builder(URI.create("http://acme.invalid/dir"), TestKeys.ACCOUNT)
                .allowInsecureHttpOnLoopback().build();

        assertThatThrownBy(s::directory)
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("only to loopback addresses");
    }
}
