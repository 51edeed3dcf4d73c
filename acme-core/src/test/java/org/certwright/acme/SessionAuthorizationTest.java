package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.CaaException;
import org.certwright.acme.problem.DeactivationRefusedException;
import org.certwright.acme.problem.DnsValidationException;
import org.certwright.acme.problem.IncorrectResponseException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.PollTimeoutException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ConnectionValidationException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.UnauthorizedException;
import org.certwright.acme.problem.ValidationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 8555 §7.4.1, §7.5: pre-authorization, authorizations, challenges, and polling them.
class SessionAuthorizationTest extends MockCaTest {

    private Authorization fetchAuthorization(JsonDoc body, String... headers) throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, body, headers);
        Authorization authz = session.fetch(Link.authorization(ca.url(MockCa.AUTHZ)));
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.AUTHZ);
        return authz;
    }

    private Authorization pending() throws Exception {
        return fetchAuthorization(ca.fixture("authorization-pending.json"));
    }

    private JsonDoc invalidAuthorization(String errorType, String detail) {
        return ca.fixture("authorization-pending.json")
                .with("status", "invalid")
                .with("challenges", List.of(ca.fixture("challenge-http-01.json")
                        .with("status", "invalid")
                        .with("error", MockCa.problem(errorType, detail).asMap())
                        .asMap()));
    }

    // ---- pre-authorization ---------------------------------------------------------------------

    @Test
    void preAuthorizationPostsTheIdentifierToNewAuthz() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(201,
                ca.fixture("authorization-pending.json").with("identifier", Map.of("type", "dns", "value", "example.org")),
                "Location", ca.url("/acme/authz/pre1").toString());

        Authorization authz = session.preAuthorize(Identifier.dns("example.org"));

        assertThat(authz.url()).isEqualTo(ca.url("/acme/authz/pre1"));
        assertThat(authz.identifier()).isEqualTo(Identifier.dns("example.org"));
        ca.takeDirectoryAndNonce();
        assertThat(takeSigned(MockCa.NEW_AUTHZ).payloadJson())
                .isEqualTo(Map.of("identifier", Map.of("type", "dns", "value", "example.org")));
    }

    @Test
    void preAuthorizationNeedsANewAuthzEndpoint() {
        ca.directory(d -> d.without("newAuthz")).enqueueDirectoryAndNonce();

        assertThatThrownBy(() -> session.preAuthorize(Identifier.dns("example.org")))
                .isInstanceOf(NotSupportedByServerException.class)
                .hasMessageContaining("newAuthz");
        assertThat(ca.requestCount()).isOne();
    }

    @Test
    void aWildcardCannotBePreAuthorized() {
        assertThatThrownBy(() -> session.preAuthorize(Identifier.dns("*.example.org")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ca.requestCount()).isZero();
    }

    // ---- reading authorizations and challenges ---------------------------------------------------

    @Test
    void anAuthorizationIsReadWithItsChallenges() throws Exception {
        Authorization authz = pending();

        assertThat(authz.url()).isEqualTo(ca.url(MockCa.AUTHZ));
        assertThat(authz.status()).isEqualTo(Status.PENDING);
        assertThat(authz.identifier()).isEqualTo(Identifier.dns("www.example.org"));
        assertThat(authz.expires()).contains(Instant.parse("2016-01-02T14:09:30Z"));
        assertThat(authz.wildcard()).isFalse();
        assertThat(authz.challenges()).extracting(Challenge::type).containsExactly("http-01", "dns-01");
        assertThat(DraftFields.combinations(authz)).as("RFC 8555: any one challenge").isEmpty();
        Challenge http = authz.challenge(Challenge.HTTP_01).orElseThrow();
        assertThat(http.url()).isEqualTo(ca.url(MockCa.CHALLENGE));
        assertThat(http.token()).contains("DGyRejmCefe7v4NfDGDKfA");
        assertThat(http.status()).isEqualTo(Status.PENDING);
        assertThat(http.authorization()).contains(authz.self());
    }

    @Test
    void aWildcardAuthorizationIsForTheBaseNameAndOrderedWithTheStar() throws Exception {
        Authorization authz = fetchAuthorization(ca.fixture("authorization-pending.json")
                .with("identifier", Map.of("type", "dns", "value", "example.org")).with("wildcard", true));

        assertThat(authz.wildcard()).isTrue();
        assertThat(authz.identifier()).isEqualTo(Identifier.dns("example.org"));
        assertThat(authz.orderedIdentifier()).isEqualTo(Identifier.dns("*.example.org"));
    }

    @Test
    void membersTheModelDoesNotKnowAreKept() throws Exception {
        Authorization authz = fetchAuthorization(ca.fixture("authorization-pending.json")
                .with("scope", "subdomains")
                .with("challenges", List.of(Map.of("type", "dns-persist-01", "url", ca.url("/acme/chall/p1").toString(),
                        "status", "pending", "issuer-domain-names", List.of("ca.example", "ca.example.net")))));

        assertThat(authz.otherFields()).containsOnly(Map.entry("scope", "subdomains"));
        Challenge persist = authz.challenge(Challenge.DNS_PERSIST_01).orElseThrow();
        assertThat(persist.token()).isEmpty();
        assertThat(persist.stringListField("issuer-domain-names")).containsExactly("ca.example", "ca.example.net");
    }

    @Test
    void aChallengeWithoutItsRequiredStatusIsAProtocolError() {
        // The RFC 8555 §7.5 example leaves it out, but §8 requires it; the parser is strict.
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixtureText("authorization-pending.json")
                .replace("\"status\": \"pending\",\n      ", ""));

        assertThatThrownBy(() -> session.fetch(Link.authorization(ca.url(MockCa.AUTHZ))))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("'challenges[0].status'");
    }

    @Test
    void authorizationsOfAnOrderAreFetchedInOrder() throws Exception {
        Order order = fetchRfcOrder("order-pending.json", d -> d);
        ca.enqueueJson(200, ca.fixture("authorization-pending.json"))
                .enqueueJson(200, ca.fixture("authorization-valid.json"));

        List<Authorization> authorizations = session.authorizations(order);

        assertThat(authorizations).extracting(Authorization::status).containsExactly(Status.PENDING, Status.VALID);
        takeSigned(MockCa.AUTHZ);
        takeSigned("/acme/authz/r4HqLzrSrpI");
    }

    @Test
    void aRefusedDeactivationSaysTheCaRefusedItWithItsDetail() throws Exception {
        // step-ca 0.19.0 does not implement deactivation; its exact answer:
        Authorization authz = pending();
        ca.enqueueJson(400, JsonDoc.parse("{\"type\":\"urn:ietf:params:acme:error:malformed\","
                + "\"detail\":\"The request message was malformed\"}"), "Content-Type", "application/problem+json");

        assertThatThrownBy(() -> session.deactivate(authz))
                .isInstanceOfSatisfying(DeactivationRefusedException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.MALFORMED);
                    assertThat(e.problem().detail()).hasValue("The request message was malformed");
                })
                .hasMessageContaining("the CA refused to deactivate authorization " + ca.url(MockCa.AUTHZ))
                .hasMessageContaining("malformed: The request message was malformed");
    }

    @Test
    void aSpecificProblemOnDeactivationKeepsItsType() throws Exception {
        Authorization authz = pending();
        ca.enqueueProblem(403, "unauthorized", "not your authorization");

        assertThatThrownBy(() -> session.deactivate(authz))
                .isExactlyInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("not your authorization");
    }

    @Test
    void deactivatingAnAuthorizationPostsTheDeactivatedStatus() throws Exception {
        Authorization authz = pending();
        ca.enqueueJson(200, ca.fixture("authorization-valid.json").with("status", "deactivated"));

        assertThat(session.deactivate(authz).status()).isEqualTo(Status.DEACTIVATED);
        assertThat(takeSigned(MockCa.AUTHZ).payloadJson()).isEqualTo(Map.of("status", "deactivated"));
    }

    @Test
    void theKeyAuthorizationIsTheTokenAndTheAccountKeyThumbprint() throws Exception {
        Challenge http = pending().challenge(Challenge.HTTP_01).orElseThrow();
        // RFC 8555 §8.1, with the RFC 7638 thumbprint computed by Nimbus.
        String thumbprint = JWK.parse(Jws.expectedJwk(TestKeys.ACCOUNT.getPublic())).computeThumbprint().toString();

        assertThat(session.keyAuthorization(http).value()).isEqualTo("DGyRejmCefe7v4NfDGDKfA." + thumbprint);
    }

    @Test
    void respondingToAChallengeSendsTheEmptyObject() throws Exception {
        Challenge http = pending().challenge(Challenge.HTTP_01).orElseThrow();
        ca.enqueueJson(200, ca.fixture("challenge-http-01.json").with("status", "processing"),
                "Link", "<" + ca.url(MockCa.AUTHZ) + ">;rel=\"up\"");

        Challenge responded = session.respond(http);

        assertThat(responded.status()).isEqualTo(Status.PROCESSING);
        SignedRequest request = takeSigned(MockCa.CHALLENGE);
        // §7.5.1 and erratum 5729: the payload is exactly "{}".
        assertThat(request.payload()).isEqualTo("{}");
        assertThat(request.jws().encodedPayload()).isEqualTo("e30");
    }

    @Test
    void aFetchedChallengeFindsItsAuthorizationThroughTheUpLink() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("challenge-http-01.json"),
                "Link", "<" + ca.url(MockCa.AUTHZ) + ">;rel=\"up\"");

        Challenge challenge = session.fetch(Link.challenge(ca.url(MockCa.CHALLENGE)));

        assertThat(challenge.authorization()).contains(Link.authorization(ca.url(MockCa.AUTHZ)));
        assertThat(challenge.validated()).contains(Instant.parse("2014-12-01T12:05:58.16Z"));
    }

    // ---- polling ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void awaitAuthorizationPollsUntilTheAuthorizationIsValid(boolean withRetryAfter) throws Exception {
        Authorization authz = pending();
        String[] retryAfter = withRetryAfter ? new String[] {"Retry-After", "0"} : new String[0];
        ca.enqueueJson(200, ca.fixture("authorization-pending.json"), retryAfter)
                .enqueueJson(200, ca.fixture("authorization-valid.json"));

        Authorization valid = session.awaitAuthorization(authz);

        assertThat(valid.status()).isEqualTo(Status.VALID);
        assertThat(ca.requestCount()).isEqualTo(3 + 2);
        takeSigned(MockCa.AUTHZ);
        takeSigned(MockCa.AUTHZ);
    }

    @Test
    void anAuthorizationThatIsAlreadyValidIsNotPolled() throws Exception {
        Authorization valid = fetchAuthorization(ca.fixture("authorization-valid.json"));
        int before = ca.requestCount();

        assertThat(session.awaitAuthorization(valid)).isSameAs(valid);
        assertThat(ca.requestCount()).isEqualTo(before);
    }

    @Test
    void retryAfterOnAPollIsPartOfTheSnapshot() throws Exception {
        Session fixedClock = sessionWith(b -> b.clock(new MutableClock(Instant.parse("2026-11-28T12:00:00Z"))));
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("authorization-pending.json"), "Retry-After", "3");

        Authorization authz = fixedClock.fetch(Link.authorization(ca.url(MockCa.AUTHZ)));

        assertThat(authz.retryAfter()).contains(Instant.parse("2026-11-28T12:00:03Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "connection, org.certwright.acme.problem.ConnectionValidationException",
            "dns, org.certwright.acme.problem.DnsValidationException",
            "tls, org.certwright.acme.problem.TlsValidationException",
            "incorrectResponse, org.certwright.acme.problem.IncorrectResponseException",
            "caa, org.certwright.acme.problem.CaaException",
            "serverInternal, org.certwright.acme.problem.ValidationFailedException"})
    void aFailedValidationIsReportedByItsCause(String errorType, Class<? extends ValidationFailedException> expected)
            throws Exception {
        Authorization authz = pending();
        ca.enqueueJson(200, invalidAuthorization(errorType, "the CA says no"));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isExactlyInstanceOf(expected)
                .hasMessageContaining("validation of dns:www.example.org by http-01 failed: the CA says no")
                .satisfies(e -> assertThat(((ProblemException) e).problem().identifier())
                        .contains(Identifier.dns("www.example.org")));
    }

    @Test
    void aFailedValidationWithOnlyATitleIsReportedByItsTitle() throws Exception {
        Authorization authz = pending();
        ca.enqueueJson(200, ca.fixture("authorization-pending.json")
                .with("status", "invalid")
                .with("challenges", List.of(ca.fixture("challenge-http-01.json")
                        .with("status", "invalid")
                        .with("error", Map.of("type", ProblemType.RFC8555_NAMESPACE + "connection",
                                "title", "Connection refused"))
                        .asMap())));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isExactlyInstanceOf(ConnectionValidationException.class)
                .hasMessageStartingWith("connection [dns:www.example.org]: validation of dns:www.example.org by "
                        + "http-01 failed: Connection refused (POST " + ca.url(MockCa.AUTHZ));
    }

    @Test
    void aFailedWildcardValidationNamesTheWildcard() throws Exception {
        Authorization authz = pending();
        ca.enqueueJson(200, invalidAuthorization("dns", "NXDOMAIN looking up TXT for _acme-challenge.example.org")
                .with("identifier", Map.of("type", "dns", "value", "example.org")).with("wildcard", true));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isInstanceOfSatisfying(DnsValidationException.class, e -> assertThat(e.problem().identifier())
                        .contains(Identifier.dns("*.example.org")));
    }

    @Test
    void awaitChallengeReportsAnInvalidChallenge() throws Exception {
        Challenge http = pending().challenge(Challenge.HTTP_01).orElseThrow();
        ca.enqueueJson(200, ca.fixture("challenge-http-01.json").with("status", "invalid")
                .with("error", MockCa.problem("incorrectResponse", "wrong key authorization").asMap()));

        assertThatThrownBy(() -> session.awaitChallenge(http))
                .isInstanceOf(IncorrectResponseException.class)
                .hasMessageContaining("wrong key authorization");
    }

    @Test
    void pollingGivesUpAtTheTimeout() throws Exception {
        Session impatient = sessionWith(b -> b.pollPolicy(MockCa.FAST_POLL.withTimeout(Duration.ofMillis(100))));
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("authorization-pending.json"));
        Authorization authz = impatient.fetch(Link.authorization(ca.url(MockCa.AUTHZ)));
        for (int i = 0; i < 3; i++) {
            // A Retry-After beyond the deadline: the poller waits out the deadline instead.
            ca.enqueueJson(200, ca.fixture("authorization-pending.json"), "Retry-After", "3600");
        }

        assertThatThrownBy(() -> impatient.awaitAuthorization(authz))
                .isInstanceOfSatisfying(PollTimeoutException.class, e -> assertThat(e.lastStatus()).isEqualTo("pending"))
                .hasMessageContaining(ca.url(MockCa.AUTHZ).toString());
    }

    /** An authorization the CA left pending, with its http-01 challenge in {@code status} and an error. */
    private JsonDoc pendingWithChallenge(String status, String detail) {
        return pendingWithChallenge(status, detail, "connection");
    }

    private JsonDoc pendingWithChallenge(String status, String detail, String errorType) {
        return ca.fixture("authorization-pending.json")
                .with("challenges", List.of(ca.fixture("challenge-http-01.json")
                        .with("status", status)
                        .without("validated")
                        .with("error", MockCa.problem(errorType, detail).asMap())
                        .asMap()));
    }

    @Test
    void aChallengeThatFailedWhileTheAuthorizationStaysPendingFailsAtOnce() throws Exception {
        // step-ca marks the challenge invalid and leaves the authorization pending until it expires.
        Authorization authz = pending();
        ca.enqueueJson(200, pendingWithChallenge("invalid", "connection refused"));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isExactlyInstanceOf(ConnectionValidationException.class)
                .hasMessageContaining("validation of dns:www.example.org by http-01 failed: connection refused");
        assertThat(ca.requestCount()).as("directory, nonce, fetch and one poll").isEqualTo(4);
    }

    @Test
    void aChallengeBackToPendingWithAnErrorThatIsNotRetryableFailsAtOnce() throws Exception {
        // The CA gave up this attempt; answering again cannot fix a wrong key authorization.
        Authorization authz = pending();
        ca.enqueueJson(200, ca.fixture("authorization-pending.json")
                .with("challenges", List.of(ca.fixture("challenge-http-01.json").with("status", "pending")
                        .without("validated")
                        .with("error", MockCa.problem("incorrectResponse", "wrong key authorization").asMap())
                        .asMap())));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isExactlyInstanceOf(IncorrectResponseException.class)
                .hasMessageContaining("wrong key authorization");
        assertThat(ca.requestCount()).as("directory, nonce, fetch and one poll: no answer again").isEqualTo(4);
    }

    @Test
    void aConnectionErrorOnAPendingChallengeIsAnsweredAgain() throws Exception {
        // step-ca never retries after a connection failure; answering again validates at once.
        Authorization authz = pending();
        ca.enqueueJson(200, ca.fixture("stepca-authorization-connection-error.json"))
                .enqueueJson(200, ca.fixture("stepca-challenge-connection-error.json").with("status", "valid")
                        .without("error"))
                .enqueueJson(200, ca.fixture("authorization-valid.json"));

        assertThat(session.awaitAuthorization(authz).status()).isEqualTo(Status.VALID);
        takeSigned(MockCa.AUTHZ);
        assertThat(takeSigned(MockCa.CHALLENGE).payloadJson()).isEqualTo(Map.of());
        takeSigned(MockCa.AUTHZ);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns", "tls"})
    void dnsAndTlsErrorsOnAPendingChallengeAreAnsweredAgainToo(String type) throws Exception {
        Authorization authz = pending();
        ca.enqueueJson(200, pendingWithChallenge("pending", "try again", type))
                .enqueueJson(200, ca.fixture("challenge-http-01.json"))
                .enqueueJson(200, ca.fixture("authorization-valid.json"));

        assertThat(session.awaitAuthorization(authz).status()).isEqualTo(Status.VALID);
    }

    @Test
    void aConnectionErrorIsAnsweredAgainTwiceAtMostThenReported() throws Exception {
        Authorization authz = pending();
        JsonDoc failedAgain = ca.fixture("stepca-challenge-connection-error.json");
        ca.enqueueJson(200, ca.fixture("stepca-authorization-connection-error.json"))
                .enqueueJson(200, failedAgain)
                .enqueueJson(200, ca.fixture("stepca-authorization-connection-error.json"))
                .enqueueJson(200, failedAgain)
                .enqueueJson(200, ca.fixture("stepca-authorization-connection-error.json"));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isExactlyInstanceOf(ConnectionValidationException.class)
                .hasMessageContaining("The server could not connect to validation target");
        assertThat(ca.requestCount()).as("directory, nonce, fetch, then 3 polls and 2 answers").isEqualTo(8);
    }

    @Test
    void anInvalidChallengeWithAConnectionErrorIsNotAnsweredAgain() throws Exception {
        // An invalid challenge cannot be answered again (RFC 8555 §7.5.1).
        Authorization authz = pending();
        ca.enqueueJson(200, pendingWithChallenge("invalid", "connection refused"));

        assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isExactlyInstanceOf(ConnectionValidationException.class);
        assertThat(ca.requestCount()).isEqualTo(4);
    }

    @Test
    void aChallengeTheCaIsStillRetryingIsAwaited() throws Exception {
        // RFC 8555 §8.2: while processing, the error is the last attempt's; the CA retries.
        Authorization authz = pending();
        ca.enqueueJson(200, pendingWithChallenge("processing", "connection refused"))
                .enqueueJson(200, ca.fixture("authorization-valid.json"));

        assertThat(session.awaitAuthorization(authz).status()).isEqualTo(Status.VALID);
    }

    @Test
    void aPollTimeoutCarriesTheLastErrorTheCaReported() throws Exception {
        Session impatient = sessionWith(b -> b.pollPolicy(MockCa.FAST_POLL.withTimeout(Duration.ofMillis(100))));
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("authorization-pending.json"));
        Authorization authz = impatient.fetch(Link.authorization(ca.url(MockCa.AUTHZ)));
        for (int i = 0; i < 3; i++) {
            ca.enqueueJson(200, pendingWithChallenge("processing", "timeout after connect"), "Retry-After", "3600");
        }

        assertThatThrownBy(() -> impatient.awaitAuthorization(authz))
                .isInstanceOfSatisfying(PollTimeoutException.class,
                        e -> assertThat(e.lastError()).hasValueSatisfying(
                                p -> assertThat(p.detail()).contains("timeout after connect")))
                .hasMessageContaining("the CA last reported connection")
                .hasMessageContaining("timeout after connect");
    }

    @Test
    void aStatusThisLibraryDoesNotKnowIsNamedAsTheCaWroteIt() throws Exception {
        Session impatient = sessionWith(b -> b.pollPolicy(MockCa.FAST_POLL.withTimeout(Duration.ofMillis(100))));
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("authorization-pending.json").with("status", "paused"));
        Authorization paused = impatient.fetch(Link.authorization(ca.url(MockCa.AUTHZ)));
        for (int i = 0; i < 3; i++) {
            ca.enqueueJson(200, ca.fixture("authorization-pending.json").with("status", "paused"), "Retry-After", "3600");
        }

        assertThat(paused.status()).isEqualTo(Status.UNKNOWN);
        assertThat(paused.otherFields()).containsEntry("status", "paused");
        assertThatThrownBy(() -> impatient.awaitAuthorization(paused))
                .isInstanceOfSatisfying(PollTimeoutException.class, e -> assertThat(e.lastStatus()).isEqualTo("paused"))
                .hasMessageContaining("still paused after");
    }

    @Test
    void awaitChallengeFailsAtOnceForAChallengeBackToPendingWithAnError() throws Exception {
        Challenge http = pending().challenge(Challenge.HTTP_01).orElseThrow();
        ca.enqueueJson(200, ca.fixture("challenge-http-01.json").with("status", "pending").without("validated")
                .with("error", MockCa.problem("connection", "connection refused").asMap()));

        assertThatThrownBy(() -> session.awaitChallenge(http))
                .isInstanceOf(ConnectionValidationException.class)
                .hasMessageContaining("connection refused");
    }

    @Test
    void awaitOrderWaitsForProcessingToEnd() throws Exception {
        Order processing = fetchRfcOrder("order-valid.json", d -> d.with("status", "processing").without("certificate"));
        ca.enqueueJson(200, ca.fixture("order-valid.json").with("status", "processing").without("certificate"),
                        "Retry-After", "0")
                .enqueueJson(200, ca.fixture("order-valid.json"));

        Order valid = session.awaitOrder(processing);

        assertThat(valid.status()).isEqualTo(Status.VALID);
        assertThat(valid.certificate()).contains(Link.certificate(ca.url(MockCa.CERTIFICATE)));
    }

    @Test
    void anInvalidOrderIsReportedByItsErrorType() throws Exception {
        Order processing = fetchRfcOrder("order-valid.json", d -> d.with("status", "processing").without("certificate"));
        ca.enqueueJson(200, ca.fixture("order-valid.json").with("status", "invalid").without("certificate")
                .with("error", MockCa.problem("caa", "CAA record for example.org prevents issuance").asMap()));

        assertThatThrownBy(() -> session.awaitOrder(processing))
                .isInstanceOf(CaaException.class)
                .hasMessageContaining("CAA record for example.org prevents issuance")
                .hasMessageContaining(ca.url(MockCa.ORDER).toString());
    }

    @Test
    void anInvalidOrderWithoutAnErrorIsStillAProblem() throws Exception {
        Order pending = fetchRfcOrder("order-pending.json", d -> d);
        ca.enqueueJson(200, ca.fixture("order-pending.json").with("status", "invalid"));

        assertThatThrownBy(() -> session.awaitOrder(pending))
                .isExactlyInstanceOf(ProblemException.class)
                .hasMessageStartingWith("problem: order for ")
                .hasMessageContaining("gave no reason")
                .hasMessageNotContaining("error:");
    }
}
