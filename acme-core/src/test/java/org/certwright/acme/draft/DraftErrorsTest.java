package org.certwright.acme.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certwright.acme.draft.DraftWire.der;
import static org.certwright.acme.draft.DraftWire.json;
import static org.certwright.acme.draft.DraftWire.problem;

import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.certwright.acme.Authorization;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Challenge;
import org.certwright.acme.Dialect;
import org.certwright.acme.DraftFields;
import org.certwright.acme.Identifier;
import org.certwright.acme.Link;
import org.certwright.acme.NewOrder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.BadCsrException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.UnauthorizedException;
import org.certwright.acme.problem.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the draft dialect fails: problem documents, missing links and headers, bad certificates. */
class DraftErrorsTest {

    private static final KeyPair ACCOUNT = KeyType.EC_P256.generate();
    private static final KeyPair CA = KeyType.EC_P256.generate();

    private MockWebServer server;
    private String base;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        base = server.url("/").toString();
        session = DraftWire.session(server, ACCOUNT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rfc8555IsTheDefaultAndTheDraftMustBeChosen() {
        Session rfc = Session.builder(URI.create("https://ca.test/directory"), ACCOUNT).build();
        assertThat(rfc.dialect()).isEqualTo(Dialect.RFC8555);
        assertThat(session.dialect()).isEqualTo(Dialect.DRAFT_BARNES_ACME);
    }

    @Test
    void aForbiddenAuthorizationIsAnUnauthorizedProblem() throws Exception {
        register();
        server.enqueue(problem(403, "urn:acme:error:unauthorized", "No authorization for example.net"));
        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("example.net").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.UNAUTHORIZED);
                    assertThat(e.problem().type()).isEqualTo(URI.create("urn:acme:error:unauthorized"));
                    assertThat(e.httpStatus()).hasValue(403);
                    assertThat(e.problem().detail()).contains("No authorization for example.net");
                });
    }

    @ParameterizedTest
    @CsvSource({"malformed,MALFORMED", "unauthorized,UNAUTHORIZED", "serverInternal,SERVER_INTERNAL",
        "badCSR,BAD_CSR"})
    void theDraftsErrorTokensMapToTheirRfc8555Types(String token, ProblemType type) {
        server.enqueue(problem(token.equals("serverInternal") ? 500 : 400, "urn:acme:error:" + token, "no"));
        assertThatThrownBy(this::register).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            if (type == ProblemType.BAD_CSR) {
                assertThat(e).isInstanceOf(BadCsrException.class);
            }
            if (type == ProblemType.UNAUTHORIZED) {
                assertThat(e).isInstanceOf(UnauthorizedException.class);
            }
        });
        assertThat(server.getRequestCount()).as("POSTs without a nonce are never retried").isEqualTo(1);
    }

    @Test
    void aRegistrationWithoutNextLinkLeavesNewAuthzUnknown() throws Exception {
        server.enqueue(json(201, "{\"contact\": []}", "Location: " + base + "acme/reg/1"));
        session.register(NewRegistration.builder().build());
        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("example.org").build()))
                .isInstanceOf(AcmeException.class)
                .hasMessageContaining("new-authz URL is unknown")
                .hasMessageContaining("Link rel=\"next\"");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anAuthorizationWithoutNextLinkLeavesNewCertUnknown() throws Exception {
        register();
        server.enqueue(json(201, authz("pending"), "Location: " + base + "acme/authz/1"));
        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("example.org").build()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("no Link rel=\"next\" to new-cert");
    }

    @Test
    void aRegistrationWithoutLocationFails() {
        server.enqueue(json(201, "{}", "Link: <" + base + "acme/new-authz>;rel=\"next\""));
        assertThatThrownBy(this::register).isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("new-reg response has no Location header");
    }

    @Test
    void anAuthorizationWithoutLocationFails() throws Exception {
        register();
        server.enqueue(json(201, authz("pending"), "Link: <" + base + "acme/new-cert>;rel=\"next\""));
        assertThatThrownBy(() -> session.preAuthorize(Identifier.dns("example.org")))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("new-authz response has no Location header");
    }

    @Test
    void aCertificateWithoutLocationFails() throws Exception {
        Order order = readyOrder();
        server.enqueue(der(201, DraftWire.caCertificate(CA)));
        assertThatThrownBy(() -> session.finalize(order, csr()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("new-cert response has no Location header");
    }

    @Test
    void aCertificateThatIsNotDerFails() throws Exception {
        Order order = readyOrder();
        server.enqueue(new MockResponse.Builder().code(201).addHeader("Content-Type", "application/pkix-cert")
                .addHeader("Location", base + "acme/cert/1").body("-----BEGIN nothing").build());
        assertThatThrownBy(() -> session.finalize(order, csr()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("not a DER certificate");
    }

    @Test
    void issuerLinksAreFollowedAtMostTenTimes() throws Exception {
        Order order = readyOrder();
        X509Certificate ca = DraftWire.caCertificate(CA);
        server.enqueue(der(201, ca, "Location: " + base + "acme/cert/1", "Link: <" + base + "acme/ca/0>;rel=\"up\""));
        for (int i = 0; i < 11; i++) {
            server.enqueue(der(200, ca, "Link: <" + base + "acme/ca/" + (i + 1) + ">;rel=\"up\""));
        }
        assertThatThrownBy(() -> session.finalize(order, csr()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("more than 10 issuer links");
        assertThat(server.getRequestCount()).isEqualTo(2 + 1 + 10);
    }

    @Test
    void aChainThatLinksBackEnds() throws Exception {
        Order order = readyOrder();
        X509Certificate ca = DraftWire.caCertificate(CA);
        server.enqueue(der(201, ca, "Location: " + base + "acme/cert/1", "Link: <" + base + "acme/ca>;rel=\"up\""));
        server.enqueue(der(200, ca, "Link: <" + base + "acme/ca>;rel=\"up\""));
        Order issued = session.finalize(order, csr());
        assertThat(session.downloadCertificate(issued).chain()).hasSize(2);
    }

    @Test
    void theDraft01DictionaryOfChallengesAndDomainIdentifiersAreRead() throws Exception {
        server.enqueue(json(200, """
                {"identifier": {"type": "domain", "value": "example.org"},
                 "challenges": {
                   "simpleHttps": {"uri": "%sacme/authz/1/0", "token": "IlirfxKKXAsHtmzK29Pj8A"},
                   "dns": {"uri": "%sacme/authz/1/1", "token": "17817c66b60ce2e4012dfad92657527a"}
                 },
                 "combinations": [[0], [1]]}""".formatted(base, base)));
        Authorization authz = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));
        assertThat(authz.status()).as("absent means pending").isEqualTo(Status.PENDING);
        assertThat(authz.identifier()).isEqualTo(Identifier.dns("example.org"));
        assertThat(authz.challenges()).extracting(Challenge::type).containsExactly("dns", "simpleHttps");
        assertThat(authz.challenge("simpleHttps").orElseThrow().url()).isEqualTo(URI.create(base + "acme/authz/1/0"));
        assertThat(DraftFields.combinations(authz)).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void withoutCombinationsEveryChallengeMustBeCompleted() throws Exception {
        server.enqueue(json(200, authz("pending")));
        Authorization authz = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));
        assertThat(DraftFields.combinations(authz)).containsExactly(List.of(0, 1));
    }

    @Test
    void pollingHonoursRetryAfter() throws Exception {
        server.enqueue(json(200, authz("pending"), "Retry-After: 1"));
        server.enqueue(json(200, authz("valid")));
        // Retry-After counts from the response, so the clock starts before the request.
        Instant start = Instant.now();
        Authorization pending = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));
        Authorization valid = session.awaitAuthorization(pending);
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(valid.status()).isEqualTo(Status.VALID);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getMethod()).isEqualTo("GET");
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getMethod()).isEqualTo("GET");
    }

    @Test
    void aFailedValidationNamesTheGetThatReadTheAuthorization() throws Exception {
        server.enqueue(json(200, authz("pending")));
        server.enqueue(json(200, authz("invalid")));
        Authorization pending = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));

        assertThatThrownBy(() -> session.awaitAuthorization(pending))
                .isInstanceOfSatisfying(ValidationFailedException.class,
                        e -> assertThat(e.method()).contains("GET"));
    }

    @Test
    void whatTheDraftLacksIsNotSupportedAndSendsNothing() throws Exception {
        register();
        int before = server.getRequestCount();
        List<ThrowingCall> calls = List.of(
                () -> session.changeAccountKey(org.certwright.acme.crypto.AccountKey.of(KeyType.EC_P256.generate())),
                session::deactivateRegistration,
                session::orders,
                () -> session.renewalInfo(new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")),
                () -> session.deactivate(Authorization.builder(URI.create(base + "acme/authz/1"), Status.VALID,
                        Identifier.dns("example.org")).build()),
                () -> session.newOrder(NewOrder.builder().dns("example.org").profile("classic").build()),
                () -> session.newOrder(NewOrder.builder().dns("example.org").replaces(
                        new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")).build()));
        for (ThrowingCall call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(NotSupportedByServerException.class)
                    .hasMessageContaining("draft-barnes-acme");
        }
        assertThat(server.getRequestCount()).isEqualTo(before);
    }

    @Test
    void aSimpleHttpsChallengeKeepsItsPathAcrossCallsAndAnotherChallengeGetsAnother() throws Exception {
        register();
        server.enqueue(json(200, authz("pending")));
        server.enqueue(json(200, authz("pending").replace("acme/authz/1/0", "acme/authz/2/0")
                .replace("IlirfxKKXAsHtmzK29Pj8A", "Xw0kRFnC8bOz2Ui4xMKTeA")));
        Authorization authz = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));
        Authorization other = session.fetch(Link.authorization(URI.create(base + "acme/authz/2")));
        Challenge simpleHttps = authz.challenge(Challenge.SIMPLE_HTTPS).orElseThrow();

        ChallengeContext first = session.challengeContext(authz, simpleHttps);
        ChallengeContext second = session.challengeContext(authz, simpleHttps);
        ChallengeContext ofOther = session.challengeContext(other, other.challenge(Challenge.SIMPLE_HTTPS).orElseThrow());

        HttpResource file = first.httpResource().orElseThrow();
        assertThat(second.httpResource()).as("what was provisioned is what the response names").contains(file);
        assertThat(file.name()).matches("[A-Za-z0-9_-]{22}");
        assertThat(ofOther.httpResource().orElseThrow().name()).isNotEqualTo(file.name());
    }

    @Test
    void aSimpleHttpsChallengeAnsweredWithoutItsContextNamesThePathItsContextProvisioned() throws Exception {
        register();
        server.enqueue(json(200, authz("pending")));
        Authorization authz = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));
        Challenge simpleHttps = authz.challenge(Challenge.SIMPLE_HTTPS).orElseThrow();
        String path = session.challengeContext(authz, simpleHttps).httpResource().orElseThrow().name();
        server.enqueue(json(202, ""));

        session.respond(simpleHttps);

        server.takeRequest(1, TimeUnit.SECONDS); // new-reg
        server.takeRequest(1, TimeUnit.SECONDS); // the authorization
        RecordedRequest response = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(response.getTarget()).isEqualTo("/acme/authz/1/0");
        assertThat(DraftWire.signed(response).payload()).isEqualTo(Map.of("type", "simpleHttps", "path", path));
    }

    @Test
    void aSimpleHttpsChallengeWithoutTokenCannotBeAnswered() {
        Challenge challenge = Challenge.builder(URI.create(base + "acme/authz/1/0"), Challenge.SIMPLE_HTTPS,
                Status.PENDING).build();
        assertThatThrownBy(() -> session.respond(challenge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no usable token");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void onlyCertificatesThisSessionIssuedCanBeRevoked() {
        X509Certificate other = org.certwright.acme.crypto.TestCertificates.selfSigned("other", CA);
        assertThatThrownBy(() -> session.revoke(other, RevocationReason.UNSPECIFIED))
                .isInstanceOf(AcmeException.class)
                .hasMessageContaining("this session did not issue it");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aChallengeContextNeedsTheRegistration() throws Exception {
        server.enqueue(json(200, authz("pending")));
        Authorization authz = session.fetch(Link.authorization(URI.create(base + "acme/authz/1")));
        assertThatThrownBy(() -> session.challengeContext(authz, authz.challenges().get(0)))
                .isInstanceOf(AcmeException.class).hasMessageContaining("register first");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private void register() throws AcmeException {
        server.enqueue(json(201, "{\"contact\": []}", "Location: " + base + "acme/reg/1",
                "Link: <" + base + "acme/new-authz>;rel=\"next\""));
        session.register(NewRegistration.builder().build());
    }

    /** Registers and creates an order for example.org whose authorization is pending. */
    private Order readyOrder() throws Exception {
        register();
        server.enqueue(json(201, authz("pending"), "Location: " + base + "acme/authz/1",
                "Link: <" + base + "acme/new-cert>;rel=\"next\""));
        return session.newOrder(NewOrder.builder().dns("example.org").build());
    }

    private static Csr csr() {
        return Csr.of(KeyType.EC_P256.generate(), List.of(Identifier.dns("example.org")));
    }

    private String authz(String status) {
        return """
                {"status": "%s", "identifier": {"type": "dns", "value": "example.org"},
                 "challenges": [
                   {"type": "simpleHttps", "uri": "%sacme/authz/1/0", "token": "IlirfxKKXAsHtmzK29Pj8A"},
                   {"type": "dns", "uri": "%sacme/authz/1/1", "token": "DGyRejmCefe7v4NfDGDKfA"}
                 ]}""".formatted(status, base, base);
    }
}
