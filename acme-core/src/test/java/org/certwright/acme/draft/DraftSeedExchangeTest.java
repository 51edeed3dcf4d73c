package org.certwright.acme.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certwright.acme.draft.DraftWire.der;
import static org.certwright.acme.draft.DraftWire.json;
import static org.certwright.acme.draft.DraftWire.signed;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Dialect;
import org.certwright.acme.DraftFields;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.Registration;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.internal.jose.Jwks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's exchanges (the draft-barnes-acme slides, with the -02 text where the slides elide),
 * replayed against a scripted server, request by request: method, path, the JWS header (exactly
 * {@code alg} and {@code jwk}) and the payload.
 */
class DraftSeedExchangeTest {

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
    void theSeedsWholeExchange() throws Exception {
        // POST new-registration: registration + agreement URL
        server.enqueue(json(201, """
                {"key": %s, "contact": ["mailto:cert-admin@example.com", "tel:+12025551212"],
                 "recoveryToken": "uV2Aph7-sghuCcFVmvsiZw"}""".formatted(accountJwk()),
                "Location: " + base + "acme/reg/asdf",
                "Link: <" + base + "acme/new-authz>;rel=\"next\"",
                "Link: <" + base + "acme/terms>;rel=\"terms-of-service\""));
        // POST registration + agreement: OK
        server.enqueue(json(200, """
                {"key": %s, "contact": ["mailto:cert-admin@example.com", "tel:+12025551212"],
                 "agreement": "%sacme/terms"}""".formatted(accountJwk(), base)));

        Registration registration = session.register(NewRegistration.builder()
                .contact("mailto:cert-admin@example.com").contact("tel:+12025551212")
                .agreeToTermsOfService().build());

        RecordedRequest newReg = take();
        assertThat(newReg.getMethod()).isEqualTo("POST");
        assertThat(newReg.getTarget()).isEqualTo("/acme/new-reg");
        assertDraftHeader(newReg);
        assertThat(signed(newReg).payload()).isEqualTo(Map.of(
                "contact", List.of("mailto:cert-admin@example.com", "tel:+12025551212")));

        RecordedRequest agreement = take();
        assertThat(agreement.getMethod()).isEqualTo("POST");
        assertThat(agreement.getTarget()).isEqualTo("/acme/reg/asdf");
        assertDraftHeader(agreement);
        assertThat(signed(agreement).payload()).isEqualTo(Map.of("agreement", base + "acme/terms"));

        assertThat(registration.url()).isEqualTo(URI.create(base + "acme/reg/asdf"));
        assertThat(DraftFields.agreement(registration)).contains(URI.create(base + "acme/terms"));
        assertThat(registration.termsOfService()).contains(URI.create(base + "acme/terms"));
        assertThat(DraftFields.recoveryToken(registration)).contains("uV2Aph7-sghuCcFVmvsiZw");
        assertThat(registration.otherFields()).containsKeys("agreement", "recoveryToken");
        assertThat(registration.toString()).as("the recovery token is a credential").doesNotContain("uV2Aph7");
        assertThat(registration.contacts()).containsExactly(URI.create("mailto:cert-admin@example.com"),
                URI.create("tel:+12025551212"));
        assertThat(session.accountUrl()).contains(registration.url());
        assertThat(session.directory().newAuthz()).contains(URI.create(base + "acme/new-authz"));

        // POST new-authorization: authorization + challenges
        server.enqueue(json(201, pendingAuthz(), "Location: " + base + "acme/authz/asdf",
                "Link: <" + base + "acme/new-cert>;rel=\"next\""));
        Order order = session.newOrder(NewOrder.builder().dns("example.org").build());

        RecordedRequest newAuthz = take();
        assertThat(newAuthz.getMethod()).isEqualTo("POST");
        assertThat(newAuthz.getTarget()).isEqualTo("/acme/new-authz");
        assertDraftHeader(newAuthz);
        assertThat(signed(newAuthz).payload()).isEqualTo(Map.of(
                "identifier", Map.of("type", "dns", "value", "example.org")));
        assertThat(order.url().toString()).startsWith("urn:certwright:draft-order:");
        assertThat(order.status()).isEqualTo(Status.PENDING);
        assertThat(order.identifiers()).containsExactly(Identifier.dns("example.org"));
        assertThat(order.finalizeUrl()).isEqualTo(URI.create(base + "acme/new-cert"));
        assertThat(order.authorizations()).extracting(l -> l.url().toString()).containsExactly(base + "acme/authz/asdf");

        // The authorization, as the one-call flow reads it: unauthenticated GET.
        server.enqueue(json(200, pendingAuthz()));
        Authorization authz = session.authorizations(order).get(0);
        RecordedRequest getAuthz = take();
        assertThat(getAuthz.getMethod()).isEqualTo("GET");
        assertThat(getAuthz.getTarget()).isEqualTo("/acme/authz/asdf");
        assertThat(getAuthz.getBodySize()).isZero();
        assertThat(authz.status()).isEqualTo(Status.PENDING);
        assertThat(authz.challenges()).extracting(Challenge::type).containsExactly("simpleHttps", "dns",
                "recoveryToken");
        assertThat(DraftFields.combinations(authz)).containsExactly(List.of(0, 2), List.of(1, 2));
        Challenge simpleHttps = authz.challenge(Challenge.SIMPLE_HTTPS).orElseThrow();
        assertThat(simpleHttps.url()).isEqualTo(URI.create(base + "acme/authz/asdf/0"));
        assertThat(simpleHttps.token()).contains("I1irfxKKXAsHtmzK29Pj8A");
        assertThat(simpleHttps.authorization()).contains(authz.self());

        // POST challenge + response: accepted
        ChallengeContext context = session.challengeContext(authz, simpleHttps);
        String path = context.httpResource().orElseThrow().name();
        assertThat(path).matches("[A-Za-z0-9_-]{22,}");
        assertThat(context.httpResource().orElseThrow().content()).isEqualTo("I1irfxKKXAsHtmzK29Pj8A");
        assertThat(context.httpResource().orElseThrow().contentType()).isEqualTo("text/plain");
        assertThat(context.keyAuthorization()).isEmpty();
        server.enqueue(json(200, """
                {"type": "simpleHttps", "uri": "%sacme/authz/asdf/0", "token": "I1irfxKKXAsHtmzK29Pj8A",
                 "path": "%s"}""".formatted(base, path), "Link: <" + base + "acme/authz/asdf>;rel=\"up\""));
        Challenge answered = session.respond(context);

        RecordedRequest response = take();
        assertThat(response.getMethod()).isEqualTo("POST");
        assertThat(response.getTarget()).isEqualTo("/acme/authz/asdf/0");
        assertDraftHeader(response);
        assertThat(signed(response).payload()).isEqualTo(Map.of("type", "simpleHttps", "path", path));
        assertThat(answered.stringField("path")).contains(path);
        assertThat(answered.authorization()).contains(authz.self());

        // GET authorization: authorization valid
        String validAuthz = """
                {"status": "valid", "expires": "2015-03-01",
                 "identifier": {"type": "dns", "value": "example.org"}, "key": %s,
                 "challenges": [{"type": "simpleHttps", "status": "valid", "validated": "2014-12-01T12:05Z",
                                 "token": "I1irfxKKXAsHtmzK29Pj8A", "path": "%s"}]}""".formatted(accountJwk(), path);
        server.enqueue(json(200, validAuthz));
        Authorization valid = session.awaitAuthorization(authz);
        RecordedRequest poll = take();
        assertThat(poll.getMethod()).isEqualTo("GET");
        assertThat(poll.getTarget()).isEqualTo("/acme/authz/asdf");
        assertThat(valid.status()).isEqualTo(Status.VALID);
        assertThat(valid.expires()).isPresent();
        server.enqueue(json(200, validAuthz));
        assertThat(session.refresh(order).status()).isEqualTo(Status.READY);
        take(); // the refresh's GET of the authorization

        // POST new-certificate: certificate
        KeyPair domainKey = KeyType.EC_P256.generate();
        Csr csr = Csr.of(domainKey, List.of(Identifier.dns("example.org")));
        X509Certificate caCert = DraftWire.caCertificate(CA);
        X509Certificate leaf = DraftWire.leaf(domainKey.getPublic(), List.of("example.org"), caCert, CA);
        server.enqueue(der(201, leaf, "Location: " + base + "acme/cert/asdf",
                "Link: <" + base + "acme/ca-cert>;rel=\"up\";title=\"issuer\""));
        server.enqueue(der(200, caCert));
        Order issued = session.finalize(order, csr);

        RecordedRequest newCert = take();
        assertThat(newCert.getMethod()).isEqualTo("POST");
        assertThat(newCert.getTarget()).isEqualTo("/acme/new-cert");
        assertThat(newCert.getHeaders().get("Accept")).isEqualTo("application/pkix-cert");
        assertDraftHeader(newCert);
        assertThat(signed(newCert).payload()).isEqualTo(Map.of(
                "csr", Base64.getUrlEncoder().withoutPadding().encodeToString(csr.der()),
                "authorizations", List.of(base + "acme/authz/asdf")));
        RecordedRequest caCertRequest = take();
        assertThat(caCertRequest.getMethod()).isEqualTo("GET");
        assertThat(caCertRequest.getTarget()).isEqualTo("/acme/ca-cert");
        assertThat(caCertRequest.getHeaders().get("Accept")).isEqualTo("application/pkix-cert");

        assertThat(issued.status()).isEqualTo(Status.VALID);
        assertThat(issued.certificate()).contains(org.certwright.acme.Link.certificate(URI.create(base + "acme/cert/asdf")));
        Certificate certificate = session.downloadCertificate(issued);
        assertThat(server.getRequestCount()).as("the certificate came with new-cert").isEqualTo(9);
        assertThat(certificate.url()).isEqualTo(URI.create(base + "acme/cert/asdf"));
        assertThat(certificate.chain()).containsExactly(leaf, caCert);
        certificate.verify(domainKey.getPublic(), List.of(Identifier.dns("example.org")));

        // Revocation: POST to the certificate URL with revoke and the authorizations.
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Length", "0").build());
        session.revoke(leaf, RevocationReason.UNSPECIFIED);
        RecordedRequest revoke = take();
        assertThat(revoke.getMethod()).isEqualTo("POST");
        assertThat(revoke.getTarget()).isEqualTo("/acme/cert/asdf");
        assertDraftHeader(revoke);
        assertThat(signed(revoke).payload()).isEqualTo(Map.of("revoke", "now",
                "authorizations", List.of(base + "acme/authz/asdf")));

        assertThat(session.statistics().nonceRequests()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(10);
    }

    @Test
    void theDraftsDnsChallengeIsAnsweredWithItsTypeAndProvisionedAtAcmeChallenge() throws Exception {
        session = Session.builder(URI.create(base + "acme/new-reg"), ACCOUNT).dialect(Dialect.DRAFT_BARNES_ACME)
                .allowInsecureHttpOnLoopback().accountUrl(URI.create(base + "acme/reg/asdf")).build();
        Authorization authz = authorizationFromBody(pendingAuthz());
        Challenge dns = authz.challenge(Challenge.DNS).orElseThrow();
        ChallengeContext context = session.challengeContext(authz, dns);
        assertThat(context.dnsRecord()).hasValueSatisfying(r -> {
            assertThat(r.name()).isEqualTo("_acme-challenge.example.org");
            assertThat(r.value()).isEqualTo("DGyRejmCefe7v4NfDGDKfA");
            assertThat(r.persistent()).isFalse();
        });
        assertThat(context.accountUrl()).isEqualTo(URI.create(base + "acme/reg/asdf"));

        server.enqueue(json(200, """
                {"type": "dns", "uri": "%sacme/authz/asdf/1", "token": "DGyRejmCefe7v4NfDGDKfA"}""".formatted(base)));
        session.respond(context);
        RecordedRequest response = take();
        assertThat(response.getTarget()).isEqualTo("/acme/authz/asdf/1");
        assertDraftHeader(response);
        assertThat(signed(response).payload()).isEqualTo(Map.of("type", "dns"));
    }

    /** An authorization as the session reads one, without the scripted server. */
    private Authorization authorizationFromBody(String body) throws Exception {
        server.enqueue(json(200, body));
        Authorization authz = session.fetch(org.certwright.acme.Link.authorization(
                URI.create(base + "acme/authz/asdf")));
        take();
        return authz;
    }

    private String pendingAuthz() throws Exception {
        return """
                {"status": "pending",
                 "identifier": {"type": "dns", "value": "example.org"},
                 "key": %s,
                 "challenges": [
                   {"type": "simpleHttps", "uri": "%sacme/authz/asdf/0", "token": "I1irfxKKXAsHtmzK29Pj8A"},
                   {"type": "dns", "uri": "%sacme/authz/asdf/1", "token": "DGyRejmCefe7v4NfDGDKfA"},
                   {"type": "recoveryToken", "uri": "%sacme/authz/asdf/2"}
                 ],
                 "combinations": [[0, 2], [1, 2]]}""".formatted(accountJwk(), base, base, base);
    }

    private static String accountJwk() {
        return Jwks.toJwk(ACCOUNT.getPublic()).toJSONString();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request").isNotNull();
        return r;
    }

    /** The draft's JWS profile: a header with {@code alg} and {@code jwk} (the account key), nothing else. */
    private static void assertDraftHeader(RecordedRequest request) throws Exception {
        DraftWire.Signed signed = signed(request);
        assertThat(signed.header().keySet()).containsExactlyInAnyOrder("alg", "jwk");
        assertThat(signed.header().get("alg")).isEqualTo("ES256");
        assertThat(signed.jwk()).isEqualTo(JWK.parse(Jwks.toJwk(ACCOUNT.getPublic()).toJSONObject()));
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/jose+json");
        assertThat(Optional.ofNullable(request.getHeaders().get("Replay-Nonce"))).isEmpty();
    }
}
