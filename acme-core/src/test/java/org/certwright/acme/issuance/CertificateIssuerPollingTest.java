package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.AUTHORIZATION;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.CERTIFICATE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.CHALLENGE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.FINALIZE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.NEW_ORDER;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.ORDER;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.junit.jupiter.api.Test;

/**
 * When the flow looks at the CA after answering: after the responders' validation signal (RFC 8555
 * §7.5.1), or the timer; at the order, not at each authorization, unless the order is not ready.
 */
class CertificateIssuerPollingTest extends IssuerTestSupport {

    private static final Duration GENEROUS = Duration.ofSeconds(20);

    /** A responder whose provisions all share one validation signal that the test completes. */
    private static ChallengeResponder signalling(FakeResponder inner, CompletionStage<Void> seen) {
        return new ChallengeResponder() {
            @Override
            public Set<String> challengeTypes() {
                return inner.challengeTypes();
            }

            @Override
            public Provision provision(ChallengeContext context) throws AcmeException {
                Provision p = inner.provision(context);
                return new Provision() {
                    @Override
                    public Optional<CompletionStage<Void>> validationSeen() {
                        return Optional.of(seen);
                    }

                    @Override
                    public void close() throws AcmeException {
                        p.close();
                    }
                };
            }
        };
    }

    /** Completes {@code signal} {@code after} the CA saw the answer, noting the requests made until then. */
    private Thread signalLater(CompletableFuture<Void> signal, Duration after, AtomicReference<List<FakeAcmeServer.Route>> routesThen) {
        Thread t = new Thread(() -> {
            try {
                while (ca.answered().isEmpty()) {
                    Thread.sleep(5);
                }
                Thread.sleep(after.toMillis());
                routesThen.set(server.routesSince(afterAccountSetup));
                signal.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void theCaIsNotPolledBeforeTheResponderSawItsValidation() throws Exception {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        AtomicReference<List<FakeAcmeServer.Route>> routesAtSignal = new AtomicReference<>();
        // Far longer than the poll policy's first interval (25 ms), far shorter than the fallback.
        signalLater(seen, Duration.ofMillis(500), routesAtSignal);

        assertTimeoutPreemptively(GENEROUS,
                () -> issuer.issue(request("example.com").responders(signalling(http01(), seen)).build()));

        assertThat(routesAtSignal.get()).as("nothing polled before the signal")
                .containsExactly(NEW_ORDER, AUTHORIZATION, CHALLENGE);
        assertThat(server.routesSince(afterAccountSetup))
                .containsExactly(NEW_ORDER, AUTHORIZATION, CHALLENGE, ORDER, FINALIZE, ORDER, CERTIFICATE);
    }

    @Test
    void withoutTheSignalTheFallbackTimerLooksAnyway() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        AtomicReference<List<FakeAcmeServer.Route>> routesAfterASecond = new AtomicReference<>();
        // A second is well inside the two-second fallback: no look yet.
        signalLater(new CompletableFuture<>(), Duration.ofSeconds(1), routesAfterASecond);

        assertTimeoutPreemptively(GENEROUS,
                () -> issuer.issue(request("example.com").responders(signalling(http01(), never)).build()));

        assertThat(routesAfterASecond.get()).containsExactly(NEW_ORDER, AUTHORIZATION, CHALLENGE);
        assertThat(server.routesSince(afterAccountSetup))
                .containsExactly(NEW_ORDER, AUTHORIZATION, CHALLENGE, ORDER, FINALIZE, ORDER, CERTIFICATE);
    }

    @Test
    void aSignalThatFailsIsNoReasonToFailAndFallsBackToTheTimer() throws Exception {
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(new IllegalStateException("broken signal"));

        IssuedCertificate issued = assertTimeoutPreemptively(GENEROUS,
                () -> issuer.issue(request("example.com").responders(signalling(http01(), failed)).build()));

        assertThat(issued.certificate()).isNotNull();
        assertThat(server.routesSince(afterAccountSetup)).hasSize(7);
    }

    @Test
    void tenNamesTakeTwentyFiveRequestsByLookingAtTheOrder() throws Exception {
        String[] names = IntStream.range(0, 10).mapToObj(i -> "n" + i + ".example").toArray(String[]::new);

        issuer.issue(request(names).responders(http01()).build());

        // Concurrent requests may fetch fresh nonces while the pool is empty; those are counted apart.
        List<FakeAcmeServer.Route> routes = server.routesSince(afterAccountSetup).stream()
                .filter(r -> r != FakeAcmeServer.Route.NEW_NONCE).toList();
        assertThat(routes).as("2N + 5").hasSize(25);
        // Ten authorizations fetched at once with one nonce in the pool: before requests waited for
        // the answers in progress, seven fetched a nonce each (issue 10).
        assertThat(server.routesSince(afterAccountSetup).stream().filter(r -> r == FakeAcmeServer.Route.NEW_NONCE))
                .as("fresh nonces").hasSizeLessThanOrEqualTo(5);
        assertThat(routes.stream().filter(r -> r == AUTHORIZATION)).as("each authorization fetched once").hasSize(10);
        assertThat(routes.stream().filter(r -> r == ORDER)).as("one look, one poll after finalize").hasSize(2);
    }

    @Test
    void aFailedAuthorizationAmongSeveralIsReportedWithItsError() {
        ca.validateWith((identifier, type, published) -> identifier.value().equals("bad.example")
                ? FakeCa.Verdict.invalid("unauthorized", "the file at bad.example was wrong")
                : FakeCa.CHECKS_PUBLISHED.validate(identifier, type, published));

        assertThatThrownBy(() -> issuer.issue(request("a.example", "bad.example", "c.example")
                .responders(http01()).build()))
                .isInstanceOf(AllChallengesFailedException.class)
                .hasMessageContaining("bad.example")
                .hasMessageContaining("the file at bad.example was wrong");
    }

    @Test
    void sixteenConcurrentIssuancesTakeSevenRequestsEachBesidesNonces() throws Exception {
        int issuances = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(issuances);
        try {
            List<java.util.concurrent.Future<IssuedCertificate>> running = IntStream.range(0, issuances)
                    .mapToObj(i -> pool.submit(() -> issuer.issue(request("c" + i + ".example")
                            .responders(http01()).build())))
                    .toList();
            for (java.util.concurrent.Future<IssuedCertificate> f : running) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<FakeAcmeServer.Route> routes = server.routesSince(afterAccountSetup);
        long fresh = routes.stream().filter(r -> r == FakeAcmeServer.Route.NEW_NONCE).count();
        assertThat(routes.size() - fresh).as("7 requests each besides nonces").isEqualTo(7L * issuances);
    }
}
