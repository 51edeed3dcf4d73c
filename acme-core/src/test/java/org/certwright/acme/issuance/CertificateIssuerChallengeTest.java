package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.FINALIZE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.NEW_ORDER;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.issuance.FakeCa.Verdict;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.acme.problem.IncorrectResponseException;
import org.certwright.acme.problem.NoSuitableChallengeException;
import org.certwright.acme.problem.ValidationFailedException;
import org.junit.jupiter.api.Test;

/** How the flow chooses challenges, falls back, and provisions, waits for and removes responses. */
class CertificateIssuerChallengeTest extends IssuerTestSupport {

    /** The CA rejects every answer of this type, whatever was published. */
    private static FakeCa.Validator rejecting(String rejectedType) {
        return (identifier, type, published) -> type.equals(rejectedType)
                ? Verdict.invalid("incorrectResponse", "the CA did not like the " + type + " response")
                : FakeCa.CHECKS_PUBLISHED.validate(identifier, type, published);
    }

    // ---- choosing ------------------------------------------------------------------------------

    @Test
    void theCallersPreferenceDecidesTheTypeNotTheOrderOfResponders() throws Exception {
        FakeResponder http = http01();
        FakeResponder dns = dns01();

        issuer.issue(request("example.com").responders(http, dns)
                .challengeTypes(Challenge.DNS_01, Challenge.HTTP_01).build());

        assertThat(dns.provisionedIdentifiers()).containsExactly(Identifier.dns("example.com"));
        assertThat(http.provisions()).isEmpty();
        assertThat(ca.answered()).containsExactly("dns-01 dns:example.com");
    }

    @Test
    void aResponderThatDeclinesAnIdentifierIsSkipped() throws Exception {
        // This http-01 responder serves www only; the CA offers http-01 for both names.
        FakeResponder http = http01().declining(id -> !id.value().startsWith("www."));
        FakeResponder dns = dns01();

        issuer.issue(request("www.example.com", "api.example.com").responders(http, dns).build());

        assertThat(http.provisionedIdentifiers()).containsExactly(Identifier.dns("www.example.com"));
        assertThat(dns.provisionedIdentifiers()).containsExactly(Identifier.dns("api.example.com"));
        assertThat(ca.answered()).containsExactlyInAnyOrder("http-01 dns:www.example.com", "dns-01 dns:api.example.com");
    }

    @Test
    void withoutASuitableResponderNothingIsProvisionedOrAnswered() {
        FakeResponder http = http01();

        // The CA offers a wildcard dns-01 only, which an http-01 responder cannot do.
        NoSuitableChallengeException e = catchThrowableOfType(NoSuitableChallengeException.class,
                () -> issuer.issue(request("example.com", "*.example.com").responders(http).build()));

        assertThat(e.identifier()).isEqualTo(Identifier.dns("*.example.com"));
        assertThat(e.offeredTypes()).containsExactly(Challenge.DNS_01);
        assertThat(e.usableTypes()).isEmpty();
        assertThat(e).hasMessageContaining("dns:*.example.com").hasMessageContaining("[dns-01]");
        assertThat(http.provisions()).isEmpty();
        assertThat(ca.answered()).isEmpty();
    }

    @Test
    void aCaThatOffersNothingTheRespondersCanDoIsReportedForTheFirstIdentifier() {
        ca.offer(Challenge.DNS_01, Challenge.TLS_ALPN_01); // say port 80 is not checked by this CA
        FakeResponder http = http01();

        NoSuitableChallengeException e = catchThrowableOfType(NoSuitableChallengeException.class,
                () -> issuer.issue(request("www.example.com", "example.com").responders(http).build()));

        assertThat(e.identifier()).isEqualTo(Identifier.dns("www.example.com"));
        assertThat(e.offeredTypes()).containsExactly(Challenge.DNS_01, Challenge.TLS_ALPN_01);
        assertThat(e.usableTypes()).isEmpty();
        assertThat(http.provisions()).isEmpty();
        assertThat(ca.answered()).isEmpty();
    }

    // ---- validation failures -------------------------------------------------------------------

    @Test
    void afterAFailedValidationANewOrderIsPlacedForTheNextType() throws Exception {
        ca.validateWith(rejecting(Challenge.HTTP_01));
        FakeResponder http = http01();
        FakeResponder tls = tlsAlpn01();

        IssuedCertificate issued = issuer.issue(request("example.com").responders(http, tls).build());

        assertThat(server.count(NEW_ORDER)).isEqualTo(2);
        assertThat(ca.answered()).containsExactly("http-01 dns:example.com", "tls-alpn-01 dns:example.com");
        assertThat(listener.events()).containsSubsequence(
                "orderCreated [dns:example.com]",
                "validationFailed dns:example.com by http-01: IncorrectResponseException",
                "orderCreated [dns:example.com]",
                "challengeProvisioned tls-alpn-01 dns:example.com",
                "validated dns:example.com by tls-alpn-01",
                "downloaded");
        assertAllClosedOnce(http, tls);
        assertThat(http.provisions()).hasSize(1);
        assertThat(tls.provisions()).hasSize(1);
        assertThat(internet.isEmpty()).isTrue();
        assertThat(issued.certificate().leaf().getPublicKey()).isEqualTo(issued.keyPair().orElseThrow().getPublic());
    }

    @Test
    void aChallengeRejectedWithinTheAnswerIsReportedLikeOneRejectedLater() {
        ca.validateWithinTheAnswer()
                .validateWith((identifier, type, published) -> Verdict.invalid("incorrectResponse", "value not found"));
        FakeResponder http = http01();

        AllChallengesFailedException e = catchThrowableOfType(AllChallengesFailedException.class,
                () -> issuer.issue(request("example.com").responders(http).challengeTypes(Challenge.HTTP_01).build()));

        assertThat(e).hasMessageContaining("validation of dns:example.com by http-01 failed: value not found");
        assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.problem().identifier())
                .contains(Identifier.dns("example.com")));
        assertAllClosedOnce(http);
    }

    @Test
    void whenEveryAllowedTypeFailsTheExceptionListsEachFailureInOrder() {
        ca.validateWith((identifier, type, published) -> Verdict.invalid("incorrectResponse", type + " rejected"));
        FakeResponder http = http01();
        FakeResponder tls = tlsAlpn01();
        FakeResponder dns = dns01(); // offered and able, but not allowed by the caller

        AllChallengesFailedException e = catchThrowableOfType(AllChallengesFailedException.class,
                () -> issuer.issue(request("example.com").responders(http, tls, dns)
                        .challengeTypes(Challenge.HTTP_01, Challenge.TLS_ALPN_01).build()));

        assertThat(e.failures()).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(IncorrectResponseException.class));
        assertThat(e.failures().get(0)).hasMessageContaining("http-01 rejected");
        assertThat(e.failures().get(1)).hasMessageContaining("tls-alpn-01 rejected");
        assertThat(e.failures()).allSatisfy(f -> assertThat(f.problem().identifier())
                .contains(Identifier.dns("example.com")));
        assertAllClosedOnce(http, tls);
        assertThat(dns.provisions()).isEmpty();
        assertThat(internet.isEmpty()).isTrue();
        assertThat(server.count(FINALIZE)).isZero();
        assertThat(listener.events()).filteredOn(ev -> ev.startsWith("validationFailed")).hasSize(2);
    }

    // ---- provisioning --------------------------------------------------------------------------

    @Test
    void aResponderThatCannotProvisionIsReplacedByTheNextTypeWithoutANewOrder() throws Exception {
        FakeResponder http = http01().failingToProvision(id -> true);
        FakeResponder dns = dns01();

        issuer.issue(request("example.com").responders(http, dns).build());

        assertThat(server.count(NEW_ORDER)).isOne();
        assertThat(ca.answered()).containsExactly("dns-01 dns:example.com");
        assertThat(internet.timeline()).containsSubsequence(
                "failed to provision http-01 dns:example.com",
                "provisioned dns-01 dns:example.com",
                "answered dns-01 dns:example.com");
        assertThat(listener.events()).contains("challengeProvisioned dns-01 dns:example.com")
                .noneMatch(ev -> ev.startsWith("challengeProvisioned http-01"));
        assertAllClosedOnce(dns);
    }

    @Test
    void whenNoOtherTypeCanBeProvisionedTheErrorPropagatesAndOtherProvisionsAreClosed() {
        FakeResponder http = http01().failingToProvision(id -> id.value().equals("b.example"));

        assertThatThrownBy(() -> issuer.issue(request("a.example", "b.example").responders(http).build()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessage("cannot provision http-01 dns:b.example");

        assertThat(http.provisionedIdentifiers()).containsExactly(Identifier.dns("a.example"));
        assertAllClosedOnce(http);
        assertThat(internet.isEmpty()).isTrue();
        assertThat(ca.answered()).isEmpty();
        assertThat(server.count(FINALIZE)).isZero();
    }

    @Test
    void readinessIsAwaitedOnceForEveryProvisionAfterAllAreProvisionedAndBeforeAnyIsAnswered() throws Exception {
        FakeResponder dns = dns01();

        issuer.issue(request("a.example", "b.example", "c.example").responders(dns).build());

        assertThat(dns.provisions()).hasSize(3).allSatisfy(p -> assertThat(p.readyCalls()).isOne());
        List<String> timeline = internet.timeline();
        assertThat(lastIndex(timeline, "provisioned ")).isLessThan(firstIndex(timeline, "ready "));
        assertThat(lastIndex(timeline, "ready ")).isLessThan(firstIndex(timeline, "answered "));
        assertThat(lastIndex(timeline, "validated ")).isLessThan(firstIndex(timeline, "cleaned up "));
    }

    @Test
    void aReadinessFailureAbortsBeforeAnyAnswerAndCleansUp() {
        FakeResponder dns = dns01().neverReady();

        assertThatThrownBy(() -> issuer.issue(request("a.example", "b.example").responders(dns).build()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("not visible within");

        assertThat(dns.provisions()).hasSize(2);
        assertAllClosedOnce(dns);
        assertThat(internet.isEmpty()).isTrue();
        assertThat(ca.answered()).isEmpty();
    }

    // ---- clean-up errors -----------------------------------------------------------------------

    @Test
    void aCleanUpErrorIsLoggedAndTheIssuanceStillSucceeds() throws Exception {
        FakeResponder http = http01().failingToCleanUp();

        String log = stderrOf(() -> {
            IssuedCertificate issued = issuer.issue(request("example.com").responders(http).build());
            assertThat(issued.certificate().leaf()).isNotNull();
        });

        assertThat(log).contains("removing a challenge provision failed: cannot remove http-01 dns:example.com");
        assertAllClosedOnce(http);
    }

    @Test
    void aCleanUpErrorIsSuppressedByTheFailureItFollows() {
        FakeResponder dns = dns01().neverReady().failingToCleanUp();

        Throwable thrown = catchThrowableOfType(ProvisioningException.class,
                () -> issuer.issue(request("example.com").responders(dns).build()));

        assertThat(thrown).hasMessageContaining("not visible within");
        assertThat(thrown.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s).hasMessage("cannot remove dns-01 dns:example.com"));
        assertAllClosedOnce(dns);
    }

    @Test
    void aCleanUpErrorAfterEveryTypeFailedIsSuppressedByAllChallengesFailed() {
        ca.validateWith(rejecting(Challenge.HTTP_01));
        FakeResponder http = http01().failingToCleanUp();

        AllChallengesFailedException e = catchThrowableOfType(AllChallengesFailedException.class,
                () -> issuer.issue(request("example.com").responders(http).build()));

        // The clean-up error goes with the failed validation it followed.
        assertThat(e.failures()).singleElement().isInstanceOf(ValidationFailedException.class)
                .satisfies(f -> assertThat(f.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("cannot remove http-01 dns:example.com")));
        assertAllClosedOnce(http);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int firstIndex(List<String> timeline, String prefix) {
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no '" + prefix + "' in " + timeline);
    }

    private static int lastIndex(List<String> timeline, String prefix) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (timeline.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no '" + prefix + "' in " + timeline);
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /**
     * What was written to standard error while {@code action} ran: the test logger (slf4j-simple)
     * writes there, looking up {@code System.err} on every message.
     */
    private static String stderrOf(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
