package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.certwright.acme.Certificate;
import org.certwright.acme.problem.AcmeProtocolException;
import org.junit.jupiter.api.Test;

/** What a CA can make one issuance do: never more than its concurrency, never for names not asked for. */
class CertificateIssuerBoundsTest extends IssuerTestSupport {

    @Test
    void anOrderWithThousandsOfAuthorizationsIsRefusedBeforeAnythingIsFetchedOrAnswered() {
        ca.extraAuthorizations(2000);
        FakeResponder http = http01();

        AcmeProtocolException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> catchThrowableOfType(
                AcmeProtocolException.class, () -> issuer.issue(request("example.com").responders(http).build())));

        assertThat(e).hasMessageContaining("2001 authorizations for 1 identifiers");
        assertThat(server.count(FakeAcmeServer.Route.AUTHORIZATION)).isZero();
        assertThat(http.provisions()).isEmpty();
        assertThat(ca.answered()).isEmpty();
    }

    @Test
    void manyNamesAreWorkedOnNoMoreThanTheConcurrencyAtOnce() throws Exception {
        List<String> names = IntStream.range(0, 60).mapToObj(i -> "n" + i + ".example").toList();
        FakeResponder http = http01().takingToProvision(Duration.ofMillis(20));

        IssuedCertificate issued = issuer.issue(request(names.toArray(String[]::new)).responders(http)
                .concurrency(4).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(60);
        assertThat(http.peakConcurrentProvisions()).isBetween(1, 4);
        assertThat(server.peakConcurrentRequests()).as("requests in flight at once").isBetween(1, 4);
        assertAllClosedOnce(http);
    }

    @Test
    void theDefaultConcurrencyIsEight() throws Exception {
        List<String> names = IntStream.range(0, 40).mapToObj(i -> "n" + i + ".example").toList();
        FakeResponder http = http01().takingToProvision(Duration.ofMillis(20));

        issuer.issue(request(names.toArray(String[]::new)).responders(http).build());

        assertThat(IssuanceRequest.DEFAULT_CONCURRENCY).isEqualTo(8);
        assertThat(http.peakConcurrentProvisions()).isBetween(1, 8);
        assertThat(server.peakConcurrentRequests()).isBetween(1, 8);
    }

    @Test
    void anOrderForOtherNamesIsRefusedNamingBothSetsBeforeAnythingIsAnswered() {
        ca.orderFor("evil.example", "example.com");
        FakeResponder http = http01();

        AcmeProtocolException e = catchThrowableOfType(AcmeProtocolException.class,
                () -> issuer.issue(request("example.com", "www.example.com").responders(http).build()));

        assertThat(e).hasMessageContaining("[dns:evil.example, dns:example.com]")
                .hasMessageContaining("[dns:example.com, dns:www.example.com]");
        assertThat(http.provisions()).isEmpty();
        assertThat(ca.answered()).isEmpty();
    }

    @Test
    void anAuthorizationForANameNotInTheOrderIsRefusedBeforeAnythingIsAnswered() {
        ca.authorizeOtherName();
        FakeResponder http = http01();

        AcmeProtocolException e = catchThrowableOfType(AcmeProtocolException.class,
                () -> issuer.issue(request("a.example", "b.example").responders(http).build()));

        assertThat(e).hasMessageContaining("dns:unexpected.example")
                .hasMessageContaining("[dns:a.example, dns:b.example]");
        assertThat(http.provisions()).isEmpty();
        assertThat(ca.answered()).isEmpty();
    }

    @Test
    void anIssuerOnASingleThreadExecutorDoesNotDeadlock() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            CertificateIssuer onOne = new CertificateIssuer(session, one);
            FakeResponder http = http01();

            IssuedCertificate issued = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> onOne.issueAsync(
                    request("a.example", "b.example", "c.example").responders(http).build()).get(20, TimeUnit.SECONDS));

            assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(3);
            assertAllClosedOnce(http);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void anIssuerOnTheCallingThreadWorks() throws Exception {
        CertificateIssuer direct = new CertificateIssuer(session, Runnable::run);
        FakeResponder http = http01();

        IssuedCertificate issued = direct.issue(request("a.example", "b.example").responders(http).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(2);
        assertAllClosedOnce(http);
    }
}
