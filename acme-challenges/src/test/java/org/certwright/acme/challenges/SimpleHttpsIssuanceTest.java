package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Dialect;
import org.certwright.acme.DraftFields;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Registration;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.draft.ScriptedDraftCa;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole draft-barnes-acme issuance in one call: a scripted draft CA that validates simpleHttps
 * for real, by HTTPS GET to the {@link SimpleHttpsResponder} on 127.0.0.1 with the domain as SNI,
 * accepting only the self-signed certificate with the account key, and issues a DER certificate
 * with its issuer behind {@code Link rel="up"}.
 */
class SimpleHttpsIssuanceTest {

    private final KeyPair account = KeyType.EC_P256.generate();
    private final int port = Contexts.freePort();
    private final InetSocketAddress responderAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    private MockWebServer server;
    private ScriptedDraftCa ca;
    private SimpleHttpsResponder responder;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        ca = new ScriptedDraftCa(server.url("/").toString(), this::validate);
        server.setDispatcher(ca);
        responder = new SimpleHttpsResponder(account, responderAddress);
    }

    @AfterEach
    void stop() {
        responder.close();
        server.close();
    }

    /** The CA's side: GET https://<domain>/.well-known/acme-challenge/<path>, sent to the responder. */
    private boolean validate(String domain, String type, String token, Map<String, Object> response,
                             java.security.PublicKey accountKey) {
        if (!type.equals(Challenge.SIMPLE_HTTPS) || !"simpleHttps".equals(response.get("type"))
                || !(response.get("path") instanceof String path)) {
            return false;
        }
        return DraftHttpsValidation.validate(responderAddress, domain, path, token, accountKey);
    }

    @Test
    void twoNamesAreIssuedInOneCall() throws Exception {
        Session session = Session.builder(ca.newRegUrl(), account).dialect(Dialect.DRAFT_BARNES_ACME)
                .allowInsecureHttpOnLoopback().build();
        Registration registration = session.register(NewRegistration.builder().contact("mailto:ops@example.org")
                .agreeToTermsOfService().build());
        assertThat(DraftFields.agreement(registration)).contains(server.url("/acme/terms").uri());

        KeyPair domainKey = KeyType.EC_P256.generate();
        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("example.org", "www.example.org").domainKey(domainKey).responders(responder).build());

        Certificate certificate = issued.certificate();
        assertThat(Certificate.namedIdentifiers(certificate.leaf()))
                .containsExactlyInAnyOrder(Identifier.dns("example.org"), Identifier.dns("www.example.org"));
        assertThat(certificate.leaf().getPublicKey()).isEqualTo(domainKey.getPublic());
        assertThat(certificate.chain()).containsExactly(certificate.leaf(), ca.caCertificate());
        assertThat(certificate.url().toString()).startsWith(server.url("/acme/cert/").toString());
        assertThat(ca.violations()).isEmpty();
        assertThat(ca.requestLines()).containsExactlyInAnyOrder(
                "POST /acme/new-reg", "POST /acme/reg/1",
                "POST /acme/new-authz", "POST /acme/new-authz",
                "GET /acme/authz/1", "GET /acme/authz/2",
                "POST /acme/authz/1/0", "POST /acme/authz/2/0",
                "GET /acme/authz/1", "GET /acme/authz/2",
                "POST /acme/new-cert", "GET /acme/ca-cert");
        assertThat(responder.isListening()).as("stopped after clean-up").isFalse();

        session.revoke(certificate.leaf(), RevocationReason.UNSPECIFIED);
        assertThat(ca.revoked()).containsExactly(1);
        assertThat(ca.requestLines()).last().isEqualTo("POST /acme/cert/1");
    }

    @Test
    void aResponderForAnotherAccountKeyIsNotUsed() throws Exception {
        Session session = Session.builder(ca.newRegUrl(), account).dialect(Dialect.DRAFT_BARNES_ACME)
                .allowInsecureHttpOnLoopback().build();
        session.register(NewRegistration.builder().build());
        try (SimpleHttpsResponder other = new SimpleHttpsResponder(KeyType.EC_P256.generate(),
                InetAddress.getLoopbackAddress(), Contexts.freePort())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CertificateIssuer(session).issue(
                    IssuanceRequest.builder().dns("example.org").responders(other).build()))
                    .isInstanceOf(org.certwright.acme.problem.NoSuitableChallengeException.class);
        }
        assertThat(ca.requestLines()).doesNotContain("POST /acme/new-cert");
        assertThat(List.copyOf(ca.violations())).isEmpty();
    }
}
