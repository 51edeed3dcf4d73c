package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import org.certwright.acme.Challenge;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Each test gets a fresh {@link FakeAcmeServer} validating against a fresh {@link FakeInternet},
 * and a session whose account is already registered; {@link #afterAccountSetup} marks where the
 * issuance's own requests begin. After each test, the server must have found nothing wrong with
 * the client's requests.
 */
abstract class IssuerTestSupport {

    static final KeyPair ACCOUNT_KEY = KeyType.EC_P256.generate();

    final FakeInternet internet = new FakeInternet();
    final RecordingListener listener = new RecordingListener();
    FakeAcmeServer server;
    FakeCa ca;
    Session session;
    CertificateIssuer issuer;
    int afterAccountSetup;

    @BeforeEach
    void startCa() throws AcmeException {
        server = FakeAcmeServer.start(internet);
        ca = server.ca();
        session = server.sessionBuilder(ACCOUNT_KEY).build();
        session.register(NewRegistration.builder().agreeToTermsOfService().build());
        afterAccountSetup = server.requestCount();
        issuer = new CertificateIssuer(session);
    }

    @AfterEach
    void stopCa() {
        try {
            assertThat(server.violations()).as("what the fake CA found wrong with the requests").isEmpty();
        } finally {
            server.close();
        }
    }

    /** A request for DNS names, reporting to {@link #listener}. */
    IssuanceRequest.Builder request(String... names) {
        return IssuanceRequest.builder().dns(names).listener(listener);
    }

    FakeResponder http01() {
        return FakeResponder.of(internet, Challenge.HTTP_01);
    }

    FakeResponder dns01() {
        return FakeResponder.of(internet, Challenge.DNS_01);
    }

    FakeResponder tlsAlpn01() {
        return FakeResponder.of(internet, Challenge.TLS_ALPN_01);
    }

    /** Asserts that every provision of the responders was closed exactly once. */
    static void assertAllClosedOnce(FakeResponder... responders) {
        for (FakeResponder r : responders) {
            assertThat(r.provisions()).allSatisfy(p -> assertThat(p.closeCalls()).as(p.toString()).isOne());
        }
    }
}
