package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.Order;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.issuance.FakeResponder.Call;
import org.certwright.acme.problem.ValidationFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever responders, provisions and listeners throw: every provision is removed exactly once,
 * nothing keeps running, and the caller gets a typed exception with the original as cause.
 */
class CertificateIssuerThirdPartyTest extends IssuerTestSupport {

    private static final Identifier B = Identifier.dns("b.example");
    private static final Predicate<Identifier> ONLY_B = B::equals;

    static Stream<Arguments> throwables() {
        return Stream.of(
                Arguments.of("IllegalStateException", (Supplier<Throwable>) () -> new IllegalStateException("bug")),
                Arguments.of("NullPointerException", (Supplier<Throwable>) NullPointerException::new),
                Arguments.of("AssertionError", (Supplier<Throwable>) () -> new AssertionError("assert")),
                Arguments.of("NoClassDefFoundError", (Supplier<Throwable>) () -> new NoClassDefFoundError("Gone")));
    }

    static Stream<Arguments> callsAndThrowables() {
        return Stream.of(Call.SUPPORTS, Call.PROVISION, Call.AWAIT_READY)
                .flatMap(call -> throwables().map(a -> Arguments.of(call, a.get()[0], a.get()[1])));
    }

    @ParameterizedTest(name = "{0} throws {1}")
    @MethodSource("callsAndThrowables")
    void aResponderThatThrowsFailsTypedAndEverythingIsCleanedUpOnce(Call call, String name, Supplier<Throwable> what) {
        FakeResponder http = http01().throwing(call, ONLY_B, what);

        Throwable thrown = catchThrowable(() -> issuer.issue(
                request("a.example", "b.example").responders(http).challengeTypes("http-01").build()));

        assertThat(thrown).isInstanceOf(ProvisioningException.class);
        assertThat(thrown.getCause()).hasToString(what.get().toString());
        assertThat(thrown).hasMessageContaining(call == Call.AWAIT_READY ? "awaitReady" : call == Call.SUPPORTS
                ? "supports" : "provision");
        assertAllClosedOnce(http);
        assertThat(http.callsInProgress()).isZero();
        assertThat(internet.isEmpty()).as("nothing left published: " + internet).isTrue();
        assertThat(ca.answered()).isEmpty();
    }

    @ParameterizedTest(name = "provision throws {0}")
    @MethodSource("throwables")
    void aResponderThatThrowsUncheckedFromProvisionFallsBackToTheNextType(String name, Supplier<Throwable> what)
            throws Exception {
        FakeResponder http = http01().throwing(Call.PROVISION, ONLY_B, what);
        FakeResponder dns = dns01();

        issuer.issue(request("a.example", "b.example").responders(http, dns).build());

        assertThat(http.provisionedIdentifiers()).containsExactly(Identifier.dns("a.example"));
        assertThat(dns.provisionedIdentifiers()).containsExactly(B);
        assertThat(ca.answered()).containsExactlyInAnyOrder("http-01 dns:a.example", "dns-01 dns:b.example");
        assertAllClosedOnce(http, dns);
        assertThat(internet.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "close throws {0}")
    @MethodSource("throwables")
    void aProvisionWhoseCloseThrowsDoesNotStopTheOthersBeingClosed(String name, Supplier<Throwable> what)
            throws Exception {
        FakeResponder http = http01().throwing(Call.CLOSE, Identifier.dns("a.example")::equals, what);

        IssuedCertificate issued = issuer.issue(request("a.example", "b.example", "c.example").responders(http).build());

        // The certificate was issued: a failed clean-up is logged, not thrown.
        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(3);
        assertThat(http.provisions()).hasSize(3);
        assertAllClosedOnce(http);
        assertThat(http.callsInProgress()).isZero();
    }

    @ParameterizedTest(name = "close throws {0} after a failure")
    @MethodSource("throwables")
    void aCloseThatThrowsAfterAFailureIsSuppressedIntoTheFailure(String name, Supplier<Throwable> what) {
        FakeResponder http = http01().neverReady().throwing(Call.CLOSE, Identifier.dns("a.example")::equals, what);

        Throwable thrown = catchThrowable(() -> issuer.issue(request("a.example", "b.example").responders(http)
                .challengeTypes("http-01").build()));

        assertThat(thrown).isInstanceOf(ProvisioningException.class).hasMessageContaining("not visible");
        assertThat(thrown.getSuppressed()).anySatisfy(s -> assertThat(s.getCause()).hasToString(what.get().toString()));
        assertAllClosedOnce(http);
    }

    /** The listener methods, each of which throws in one run. */
    enum Event { ORDER_CREATED, CHALLENGE_PROVISIONED, VALIDATED, VALIDATION_FAILED, FINALIZED, DOWNLOADED }

    @ParameterizedTest(name = "listener throws from {0}")
    @EnumSource(Event.class)
    void aListenerThatThrowsIsIgnoredAndTheIssuanceSucceeds(Event event) throws Exception {
        // http-01 fails validation once, so that validationFailed is called too, and dns-01 succeeds.
        ca.validateWith((identifier, type, published) -> type.equals("http-01")
                ? FakeCa.Verdict.invalid("incorrectResponse", "no")
                : FakeCa.CHECKS_PUBLISHED.validate(identifier, type, published));
        FakeResponder http = http01();
        FakeResponder dns = dns01();
        ThrowingListener throwing = new ThrowingListener(event);

        IssuedCertificate issued = issuer.issue(IssuanceRequest.builder().dns("a.example", "b.example")
                .responders(http, dns).listener(throwing).build());

        assertThat(throwing.calls).as("the listener was called where it throws").isPositive();
        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(2);
        assertAllClosedOnce(http, dns);
        assertThat(internet.isEmpty()).isTrue();
    }

    /** Throws an unchecked exception from one of its methods. */
    private static final class ThrowingListener implements IssuanceListener {
        private final Event event;
        volatile int calls;

        ThrowingListener(Event event) {
            this.event = event;
        }

        private void at(Event e) {
            if (e == event) {
                calls++;
                throw new IllegalStateException("listener bug at " + e);
            }
        }

        @Override
        public void orderCreated(Order order) {
            at(Event.ORDER_CREATED);
        }

        @Override
        public void challengeProvisioned(ChallengeContext context) {
            at(Event.CHALLENGE_PROVISIONED);
        }

        @Override
        public void validated(Identifier identifier, String challengeType, boolean reused) {
            at(Event.VALIDATED);
        }

        @Override
        public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
            at(Event.VALIDATION_FAILED);
        }

        @Override
        public void finalized(Order order) {
            at(Event.FINALIZED);
        }

        @Override
        public void downloaded(Certificate certificate) {
            at(Event.DOWNLOADED);
        }
    }
}
