package org.certwright.acme;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.certwright.acme.problem.AccountDoesNotExistException;
import org.certwright.acme.problem.AlreadyReplacedException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.AlreadyRevokedException;
import org.certwright.acme.problem.BadCsrException;
import org.certwright.acme.problem.BadNonceException;
import org.certwright.acme.problem.BadSignatureAlgorithmException;
import org.certwright.acme.problem.CaaException;
import org.certwright.acme.problem.ConnectionValidationException;
import org.certwright.acme.problem.DnsValidationException;
import org.certwright.acme.problem.ExternalAccountRequiredException;
import org.certwright.acme.problem.IncorrectResponseException;
import org.certwright.acme.problem.InvalidProfileException;
import org.certwright.acme.problem.OrderNotReadyException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.RateLimitedException;
import org.certwright.acme.problem.TlsValidationException;
import org.certwright.acme.problem.UnauthorizedException;
import org.certwright.acme.problem.UserActionRequiredException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// RFC 8555 §6.6, §6.7: problem documents become typed exceptions carrying what the CA said.
class SessionProblemTest extends MockCaTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final NewOrder ORDER = NewOrder.builder().dns("www.example.org", "example.org").build();

    // Written out rather than derived from ProblemException.of, so that a changed mapping shows up here.
    private static final Map<ProblemType, Class<? extends ProblemException>> EXPECTED = Map.ofEntries(
            entry(ProblemType.ACCOUNT_DOES_NOT_EXIST, AccountDoesNotExistException.class),
            entry(ProblemType.ALREADY_REPLACED, AlreadyReplacedException.class),
            entry(ProblemType.ALREADY_REVOKED, AlreadyRevokedException.class),
            entry(ProblemType.BAD_CSR, BadCsrException.class),
            entry(ProblemType.BAD_NONCE, BadNonceException.class),
            entry(ProblemType.BAD_PUBLIC_KEY, ProblemException.class),
            entry(ProblemType.BAD_REVOCATION_REASON, ProblemException.class),
            entry(ProblemType.BAD_SIGNATURE_ALGORITHM, BadSignatureAlgorithmException.class),
            entry(ProblemType.CAA, CaaException.class),
            entry(ProblemType.COMPOUND, ProblemException.class),
            entry(ProblemType.CONNECTION, ConnectionValidationException.class),
            entry(ProblemType.DNS, DnsValidationException.class),
            entry(ProblemType.EXTERNAL_ACCOUNT_REQUIRED, ExternalAccountRequiredException.class),
            entry(ProblemType.INCORRECT_RESPONSE, IncorrectResponseException.class),
            entry(ProblemType.INVALID_CONTACT, ProblemException.class),
            entry(ProblemType.INVALID_PROFILE, InvalidProfileException.class),
            entry(ProblemType.MALFORMED, ProblemException.class),
            entry(ProblemType.ORDER_NOT_READY, OrderNotReadyException.class),
            entry(ProblemType.RATE_LIMITED, RateLimitedException.class),
            entry(ProblemType.REJECTED_IDENTIFIER, ProblemException.class),
            entry(ProblemType.SERVER_INTERNAL, ProblemException.class),
            entry(ProblemType.TLS, TlsValidationException.class),
            entry(ProblemType.UNAUTHORIZED, UnauthorizedException.class),
            entry(ProblemType.UNSUPPORTED_CONTACT, ProblemException.class),
            entry(ProblemType.UNSUPPORTED_IDENTIFIER, ProblemException.class),
            entry(ProblemType.USER_ACTION_REQUIRED, UserActionRequiredException.class),
            entry(ProblemType.AGREEMENT_REQUIRED, UserActionRequiredException.class));

    @BeforeEach
    void noRetriesAndAFixedClock() {
        // No retries, so that badNonce and 5xx problems surface as they are.
        session = sessionWith(b -> b.retryPolicy(RetryPolicy.NONE).clock(new MutableClock(NOW)));
    }

    /** Answers a newOrder with {@code status} and {@code problem}, and returns what the session threw. */
    private ProblemException newOrderFails(int status, Object problem, String... headers) {
        ca.enqueueDirectoryAndNonce().enqueueProblem(status, problem, headers);
        return catchThrowableOfType(ProblemException.class, () -> session.newOrder(ORDER));
    }

    static Stream<Arguments> typesInBothNamespaces() {
        return Arrays.stream(ProblemType.values()).filter(t -> t != ProblemType.OTHER)
                .flatMap(t -> Stream.of(Arguments.of(t, ProblemType.RFC8555_NAMESPACE),
                        Arguments.of(t, ProblemType.DRAFT_NAMESPACE)));
    }

    @ParameterizedTest(name = "{1}{0}")
    @MethodSource("typesInBothNamespaces")
    void everyProblemTypeBecomesItsException(ProblemType type, String namespace) {
        ProblemException e = newOrderFails(403, MockCa.problem(namespace + type.token(), "detail of " + type.token()));

        assertThat(e).isExactlyInstanceOf(EXPECTED.get(type));
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.problem().type()).isEqualTo(URI.create(namespace + type.token()));
        assertThat(e.getMessage()).contains("detail of " + type.token())
                .contains("POST " + ca.url(MockCa.NEW_ORDER) + " -> HTTP 403");
        assertThat(e.httpStatus()).hasValue(403);
    }

    @Test
    void anUnknownProblemTypeIsKeptAsGiven() {
        ProblemException e = newOrderFails(400, MockCa.problem("https://ca.example/problems/quota", "over quota"));

        assertThat(e).isExactlyInstanceOf(ProblemException.class);
        assertThat(e.type()).isEqualTo(ProblemType.OTHER);
        assertThat(e.problem().type()).isEqualTo(URI.create("https://ca.example/problems/quota"));
    }

    @Test
    void rateLimitedCarriesRetryAfterSecondsAndHelpLinks() {
        ProblemException e = newOrderFails(429, MockCa.problem("rateLimited", "too many new orders recently"),
                "Retry-After", "3600",
                "Link", "<https://letsencrypt.org/docs/rate-limits/>;rel=\"help\"",
                "Link", "<" + ca.url("/docs/limits") + ">; rel=help");

        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(NOW.plusSeconds(3600));
        assertThat(e.helpLinks()).containsExactly(URI.create("https://letsencrypt.org/docs/rate-limits/"),
                ca.url("/docs/limits"));
    }

    @Test
    void rateLimitedRetryAfterMayBeAnHttpDate() {
        ProblemException e = newOrderFails(429, MockCa.problem("rateLimited", "slow down"),
                "Retry-After", "Sat, 28 Nov 2026 13:30:00 GMT");

        assertThat(e.retryAfter()).contains(Instant.parse("2026-11-28T13:30:00Z"));
    }

    @Test
    void userActionRequiredCarriesTheNewTermsAndThePageToVisit() {
        // The RFC 8555 §7.3.3 example.
        ProblemException e = newOrderFails(403, ca.fixture("problem-user-action-required.json"),
                "Link", "<" + ca.url("/acme/terms/2017-6-02") + ">;rel=\"terms-of-service\"",
                "Content-Language", "en");

        assertThat(e).isInstanceOfSatisfying(UserActionRequiredException.class, u -> {
            assertThat(u.termsOfService()).contains(ca.url("/acme/terms/2017-6-02"));
            assertThat(u.instance()).contains(ca.url("/acme/agreement/?token=W8Ih3PswD-8"));
        });
        assertThat(e).hasMessageContaining("Terms of service have changed");
    }

    @Test
    void aSubproblemAboutAMalformedIdentifierIsStillReported() {
        ProblemException e = newOrderFails(400, MockCa.problem("malformed", "Invalid identifiers")
                .with("subproblems", List.of(Map.of("type", ProblemType.RFC8555_NAMESPACE + "malformed",
                        "detail", "not a DNS name", "identifier", Map.of("type", "dns", "value", "exa mple.org")))));

        assertThat(e.problem().subproblems()).singleElement().satisfies(sub -> {
            assertThat(sub.detail()).contains("not a DNS name");
            assertThat(sub.identifier()).isEmpty();
        });
    }

    @Test
    void aRelativeInstanceIsResolvedAgainstTheRequestUrl() {
        ProblemException e = newOrderFails(403, ca.fixture("problem-user-action-required.json")
                .with("instance", "/acme/agreement/?token=W8Ih3PswD-8"));

        assertThat(e.problem().instance()).contains(ca.url("/acme/agreement/?token=W8Ih3PswD-8"));
    }

    @Test
    void pebblesAgreementRequiredAsksForUserActionToo() {
        ProblemException e = newOrderFails(403, MockCa.problem("agreementRequired",
                "Provided account did not agree to the terms of service"));

        assertThat(e).isInstanceOf(UserActionRequiredException.class);
    }

    @Test
    void badSignatureAlgorithmListsTheAlgorithmsTheCaAccepts() {
        ProblemException e = newOrderFails(400, MockCa.problem("badSignatureAlgorithm", "EdDSA is not supported")
                .with("algorithms", List.of("RS256", "ES256", "ES384", "ES512")));

        assertThat(e).isInstanceOfSatisfying(BadSignatureAlgorithmException.class,
                b -> assertThat(b.acceptedAlgorithms()).containsExactly("RS256", "ES256", "ES384", "ES512"));
    }

    @Test
    void subproblemsCarryTheirIdentifiers() {
        // The RFC 8555 §6.7.1 example.
        ProblemException e = newOrderFails(403, ca.fixture("problem-subproblems.json"));

        List<Problem> subproblems = e.problem().subproblems();
        assertThat(subproblems).extracting(Problem::knownType)
                .containsExactly(ProblemType.MALFORMED, ProblemType.REJECTED_IDENTIFIER);
        assertThat(subproblems).extracting(p -> p.identifier().orElseThrow())
                .containsExactly(Identifier.dns("_example.org"), Identifier.dns("example.net"));
        assertThat(e).hasMessageContaining("Some of the identifiers requested were rejected")
                .hasMessageContaining("[dns:example.net]: This CA will not issue for \"example.net\"");
    }

    @Test
    void aHugeDetailIsCutInTheMessageButKeptInTheProblem() {
        String huge = "x".repeat(900_000);
        ProblemException e = newOrderFails(400, MockCa.problem("malformed", huge));

        assertThat(e.getMessage().length()).isLessThan(5_000);
        assertThat(e.getMessage()).contains("(899700 more characters)")
                .contains("POST " + ca.url(MockCa.NEW_ORDER) + " -> HTTP 400");
        assertThat(e.problem().detail()).contains(huge);
    }

    @Test
    void controlAndBidiCharactersFromTheCaAreEscapedInTheMessage() {
        String hostile = "line\r\nFAKE LOG LINE \u001b[31mred\u0000 \u202eevil";
        ProblemException e = newOrderFails(400, MockCa.problem("malformed", hostile).with("subproblems",
                List.of(Map.of("type", ProblemType.RFC8555_NAMESPACE + "caa", "detail", "sub\u001bdetail",
                        "identifier", Map.of("type", "dns", "value", "example.org")))));

        assertThat(e.getMessage()).contains("line\\u000d\\u000aFAKE LOG LINE \\u001b[31mred\\u0000 \\u202eevil")
                .contains("sub\\u001bdetail")
                .doesNotContain("\r", "\n", "\u001b", "\u0000", "\u202e");
        assertThat(e.problem().detail()).contains(hostile);
    }

    @Test
    void manySubproblemsAreSummarised() {
        List<Map<String, String>> subs = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            subs.add(Map.of("type", ProblemType.RFC8555_NAMESPACE + "rejectedIdentifier", "detail", "no " + i));
        }
        ProblemException e = newOrderFails(400, MockCa.problem("compound", "several").with("subproblems", subs));

        assertThat(e.getMessage().length()).isLessThan(5_000);
        assertThat(e.getMessage()).contains("no 9").doesNotContain("no 10;").contains("990 more subproblems");
        assertThat(e.problem().subproblems()).hasSize(1000);
    }

    @Test
    void anHtmlErrorPageIsQuotedEscapedAndShort() {
        ca.enqueueDirectoryAndNonce().enqueue(ca.acme(502, "text/html",
                "<html>\u001b]0;owned\u0007" + "y".repeat(10_000) + "</html>").build());

        AcmeProtocolException e = catchThrowableOfType(AcmeProtocolException.class, () -> session.newOrder(ORDER));

        assertThat(e.getMessage()).contains("<html>\\u001b]0;owned\\u0007").doesNotContain("\u001b")
                .contains("HTTP 502");
        assertThat(e.getMessage().length()).isLessThan(1_000);
    }
}
