package org.certwright.acme.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.certwright.acme.Challenge;
import org.certwright.acme.Dialect;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.acme.problem.UnauthorizedException;
import org.certwright.acme.problem.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one-call flow against a scripted draft CA, with an in-memory responder that the CA's
 * validation inspects: which combination is chosen, and how failures surface. The run with the
 * real HTTPS responder is in acme-challenges.
 */
class DraftIssuanceFlowTest {

    private static final KeyPair ACCOUNT = KeyType.EC_P256.generate();

    private MockWebServer server;
    private ScriptedDraftCa ca;
    private Session session;
    private final FakeResponder responder = new FakeResponder();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        ca = new ScriptedDraftCa(server.url("/").toString(), responder::validate);
        server.setDispatcher(ca);
        session = Session.builder(ca.newRegUrl(), ACCOUNT).dialect(Dialect.DRAFT_BARNES_ACME)
                .allowInsecureHttpOnLoopback().build();
        session.register(NewRegistration.builder().contact("mailto:ops@example.org").agreeToTermsOfService().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAuthorizationThatIsNoLongerPendingIsReportedWithTheGetThatReadIt() {
        responder.types = Set.of(Challenge.SIMPLE_HTTPS);
        String base = server.url("/").toString();
        ca.answerOnce("/acme/authz/1", DraftWire.json(200, """
                {"status": "revoked", "identifier": {"type": "dns", "value": "example.org"},
                 "challenges": [{"type": "simpleHttps", "uri": "%sacme/authz/1/0", "token": "IlirfxKKXAsHtmzK29Pj8A"}]}
                """.formatted(base)));

        assertThatThrownBy(() -> new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("example.org").responders(responder).build()))
                .isInstanceOfSatisfying(ValidationFailedException.class, e -> assertThat(e.method()).contains("GET"))
                .hasMessageContaining("is revoked, not pending");
    }

    @Test
    void aCombinationTheRespondersSupportIsCompleted() throws Exception {
        responder.types = Set.of(Challenge.SIMPLE_HTTPS);
        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("example.org", "www.example.org").responders(responder).build());

        assertThat(Identifier.dns("example.org")).isIn(
                org.certwright.acme.Certificate.namedIdentifiers(issued.certificate().leaf()));
        assertThat(issued.certificate().chain()).hasSize(2).last().isEqualTo(ca.caCertificate());
        assertThat(responder.validatedTypes).containsOnly(Challenge.SIMPLE_HTTPS);
        assertThat(responder.inFlight).isEmpty();
        assertThat(ca.violations()).isEmpty();
        // The seed's summary, per identifier: new-authz, challenge, GET authz (valid), then new-cert; the
        // flow reads each authorization once before choosing its challenge.
        assertThat(ca.requestLines()).containsExactlyInAnyOrder(
                "POST /acme/new-reg", "POST /acme/reg/1",
                "POST /acme/new-authz", "POST /acme/new-authz",
                "GET /acme/authz/1", "GET /acme/authz/2",
                "POST /acme/authz/1/0", "POST /acme/authz/2/0",
                "GET /acme/authz/1", "GET /acme/authz/2",
                "POST /acme/new-cert", "GET /acme/ca-cert");
    }

    @Test
    void theCallersPreferenceChoosesAmongCombinations() throws Exception {
        responder.types = Set.of(Challenge.SIMPLE_HTTPS, Challenge.DNS);
        new CertificateIssuer(session).issue(IssuanceRequest.builder().dns("example.org")
                .challengeTypes(Challenge.DNS, Challenge.SIMPLE_HTTPS).responders(responder).build());
        assertThat(responder.validatedTypes).containsOnly(Challenge.DNS);
        assertThat(ca.requestLines()).contains("POST /acme/authz/1/1").doesNotContain("POST /acme/authz/1/0");
    }

    @Test
    void anIdentifierTheCaRefusesFailsWithItsProblem() {
        responder.types = Set.of(Challenge.SIMPLE_HTTPS);
        assertThatThrownBy(() -> new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("blocked.invalid").responders(responder).build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("will not issue for blocked.invalid");
    }

    @Test
    void failedValidationIsReportedAndNothingStaysProvisioned() {
        responder.types = Set.of(Challenge.SIMPLE_HTTPS);
        responder.accept = false;
        assertThatThrownBy(() -> new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("example.org").responders(responder).build()))
                .isInstanceOf(AllChallengesFailedException.class);
        assertThat(responder.inFlight).isEmpty();
    }

    @Test
    void aCertificateThatIsNotDerFailsTheIssuance() {
        responder.types = Set.of(Challenge.SIMPLE_HTTPS);
        ca.answerOnce("/acme/new-cert", new MockResponse.Builder().code(201)
                .addHeader("Content-Type", "application/pkix-cert")
                .addHeader("Location", server.url("/acme/cert/9").toString()).body("not DER").build());
        assertThatThrownBy(() -> new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("example.org").responders(responder).build()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("not a DER certificate");
        assertThat(responder.inFlight).isEmpty();
    }

    /** Provisions into memory; the CA's validation looks there. */
    private static final class FakeResponder implements ChallengeResponder {
        volatile Set<String> types = Set.of();
        volatile boolean accept = true;
        final Map<String, ChallengeContext> inFlight = new ConcurrentHashMap<>();
        final Set<String> validatedTypes = ConcurrentHashMap.newKeySet();

        @Override
        public Set<String> challengeTypes() {
            return types;
        }

        @Override
        public Provision provision(ChallengeContext context) {
            String key = context.identifier().value() + " " + context.type();
            inFlight.put(key, context);
            return () -> inFlight.remove(key);
        }

        boolean validate(String domain, String type, String token, Map<String, Object> response,
                         java.security.PublicKey accountKey) {
            ChallengeContext context = inFlight.get(domain + " " + type);
            if (!accept || context == null || !context.accountPublicKey().equals(accountKey)) {
                return false;
            }
            boolean ok = switch (type) {
                case Challenge.SIMPLE_HTTPS -> context.httpResource().filter(f -> f.content().equals(token)
                        && response.equals(Map.of("type", "simpleHttps", "path", f.name()))).isPresent();
                case Challenge.DNS -> context.dnsRecord().filter(r -> r.value().equals(token)
                        && r.name().equals("_acme-challenge." + domain) && response.equals(Map.of("type", "dns")))
                        .isPresent();
                default -> false;
            };
            if (ok) {
                validatedTypes.add(type);
            }
            return ok;
        }
    }
}
