package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.AUTHORIZATION;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.CERTIFICATE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.CHALLENGE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.FINALIZE;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.NEW_ORDER;
import static org.certwright.acme.issuance.FakeAcmeServer.Route.ORDER;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.TestPki;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.CertificateMismatchException;
import org.junit.jupiter.api.Test;

/** The issuance flow end to end against the fake CA: requests, results, listener, chains. */
class CertificateIssuerTest extends IssuerTestSupport {

    @Test
    void oneNameByHttp01TakesSevenRequestsAndLeavesNothingBehind() throws Exception {
        FakeResponder http = http01();

        IssuedCertificate issued = issuer.issue(request("example.com").responders(http).build());

        // newOrder, the authorization, the answer, one look at the order (the CA validated at once:
        // "ready"), finalize, one order poll (finalize said "processing"), the download.
        assertThat(server.routesSince(afterAccountSetup))
                .containsExactly(NEW_ORDER, AUTHORIZATION, CHALLENGE, ORDER, FINALIZE, ORDER, CERTIFICATE);
        assertThat(internet.timeline()).containsExactly(
                "provisioned http-01 dns:example.com",
                "ready http-01 dns:example.com",
                "answered http-01 dns:example.com",
                "validated http-01 dns:example.com",
                "cleaned up http-01 dns:example.com");
        assertThat(http.provisions()).singleElement()
                .satisfies(p -> assertThat(p.closeCalls()).isOne());
        assertThat(internet.isEmpty()).isTrue();

        KeyPair key = issued.keyPair().orElseThrow();
        assertThat(KeyType.of(key.getPublic())).as("the default key type").isEqualTo(KeyType.EC_P256);
        Certificate certificate = issued.certificate();
        certificate.verify(key.getPublic(), List.of(Identifier.dns("example.com")));
        assertThat(certificate.leaf().getPublicKey()).isEqualTo(key.getPublic());
        assertThat(certificate.topIssuerName()).isEqualTo(TestPki.ROOT);
    }

    @Test
    void fiveNamesAreAuthorizedConcurrentlyAndAllNamedInTheCertificate() throws Exception {
        List<String> names = List.of("a.example", "b.example", "c.example", "d.example", "e.example");
        FakeResponder http = http01();
        // All five provisionings must be in flight at once to pass this barrier; one after the
        // other, the first would time out waiting for the rest.
        CyclicBarrier allAtOnce = new CyclicBarrier(names.size());
        ChallengeResponder concurrent = new ChallengeResponder() {
            @Override
            public Set<String> challengeTypes() {
                return http.challengeTypes();
            }

            @Override
            public Provision provision(ChallengeContext context) throws AcmeException {
                try {
                    allAtOnce.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new ProvisioningException("the provisionings did not run concurrently", e);
                }
                return http.provision(context);
            }
        };

        IssuedCertificate issued = issuer.issue(request(names.toArray(String[]::new)).responders(concurrent).build());

        List<Identifier> ids = names.stream().map(Identifier::dns).toList();
        assertThat(http.provisionedIdentifiers()).containsExactlyInAnyOrderElementsOf(ids);
        assertAllClosedOnce(http);
        assertThat(internet.isEmpty()).isTrue();
        assertThat(ca.answered()).hasSize(5);
        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(server.count(FINALIZE)).isOne();
    }

    @Test
    void aReusedAuthorizationIsNeitherProvisionedNorAnswered() throws Exception {
        ca.alreadyAuthorized("a.example");
        FakeResponder http = http01();

        IssuedCertificate issued = issuer.issue(request("a.example", "b.example").responders(http).build());

        assertThat(http.provisionedIdentifiers()).containsExactly(Identifier.dns("b.example"));
        assertThat(ca.answered()).containsExactly("http-01 dns:b.example");
        assertThat(listener.events()).contains("validated dns:a.example (reused)", "validated dns:b.example by http-01");
        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactlyInAnyOrder(Identifier.dns("a.example"), Identifier.dns("b.example"));
    }

    @Test
    void aWildcardIsValidatedByDns01AtItsBaseName() throws Exception {
        FakeResponder http = http01();
        FakeResponder dns = dns01();

        IssuedCertificate issued = issuer.issue(request("example.com", "*.example.com").responders(http, dns).build());

        assertThat(http.provisionedIdentifiers()).containsExactly(Identifier.dns("example.com"));
        assertThat(dns.provisions()).singleElement().satisfies(p -> {
            assertThat(p.context().identifier()).isEqualTo(Identifier.dns("*.example.com"));
            assertThat(p.context().dnsRecord().orElseThrow().name()).isEqualTo("_acme-challenge.example.com");
        });
        assertThat(ca.answered()).containsExactlyInAnyOrder("http-01 dns:example.com", "dns-01 dns:*.example.com");
        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactlyInAnyOrder(Identifier.dns("example.com"), Identifier.dns("*.example.com"));
        assertThat(internet.isEmpty()).isTrue();
    }

    @Test
    void finalizeAnsweredOrderNotReadyWaitsUntilTheOrderIsReadyAndFinalizesAgain() throws Exception {
        ca.orderReadyLag(2); // the CA notices the valid authorization only on the third look at the order

        IssuedCertificate issued = issuer.issue(request("example.com").responders(http01()).build());

        assertThat(server.routesSince(afterAccountSetup)).containsExactly(
                NEW_ORDER, AUTHORIZATION, CHALLENGE,
                ORDER /* still pending: the authorization tells */, AUTHORIZATION /* valid */,
                FINALIZE /* orderNotReady */, ORDER /* ready */,
                FINALIZE, ORDER, CERTIFICATE);
        assertThat(issued.certificate().leaf().getPublicKey()).isEqualTo(issued.keyPair().orElseThrow().getPublic());
    }

    @Test
    void aCsrFromTheCallerGivesTheIdentifiersAndTheKeyStaysWithTheCaller() throws Exception {
        KeyPair callersKey = KeyType.EC_P384.generate();
        Csr csr = Csr.of(callersKey, List.of(Identifier.dns("www.example.com"), Identifier.dns("example.com")));
        FakeResponder http = http01();

        IssuedCertificate issued = issuer.issue(IssuanceRequest.builder().csr(csr).responders(http).build());

        assertThat(http.provisionedIdentifiers())
                .containsExactlyInAnyOrder(Identifier.dns("www.example.com"), Identifier.dns("example.com"));
        assertThat(issued.keyPair()).isEmpty();
        X509Certificate leaf = issued.certificate().leaf();
        assertThat(leaf.getPublicKey()).isEqualTo(csr.publicKey()).isEqualTo(callersKey.getPublic());
        issued.certificate().verify(csr.publicKey(), csr.identifiers());
    }

    @Test
    void aCertificateForAnotherKeyIsRejected() {
        ca.issueForWrongKey();

        assertThatThrownBy(() -> issuer.issue(request("example.com").responders(http01()).build()))
                .isInstanceOf(CertificateMismatchException.class)
                .hasMessageContaining("public key");
        assertThat(listener.events()).doesNotContain("downloaded");
    }

    @Test
    void aCertificateForOtherNamesIsRejected() {
        ca.issueForWrongNames();

        assertThatThrownBy(() -> issuer.issue(request("example.com").responders(http01()).build()))
                .isInstanceOf(CertificateMismatchException.class)
                .hasMessageContaining("unexpected [dns:unexpected.example]");
    }

    @Test
    void theListenerHearsEveryStepInOrder() throws Exception {
        issuer.issue(request("example.com").responders(http01()).build());

        assertThat(listener.events()).containsExactly(
                "orderCreated [dns:example.com]",
                "challengeProvisioned http-01 dns:example.com",
                "validated dns:example.com by http-01",
                "finalized",
                "downloaded");
    }

    @Test
    void thePreferredChainIsDownloadedFromTheAlternates() throws Exception {
        IssuedCertificate issued = issuer.issue(request("example.com").responders(http01())
                .preferredChain(TestPki.ALT_ROOT).build());

        assertThat(issued.certificate().topIssuerName()).isEqualTo(TestPki.ALT_ROOT);
        assertThat(issued.certificate().url().getPath()).endsWith("/alternate");
        assertThat(server.routesSince(afterAccountSetup)).endsWith(CERTIFICATE, CERTIFICATE);
        issued.certificate().verify(issued.keyPair().orElseThrow().getPublic(), List.of(Identifier.dns("example.com")));
    }

    @Test
    void brokenAlternateChainLinksFallBackToTheDefaultChainAndAreReported() throws Exception {
        ca.brokenAlternates("", "file:///etc/passwd", "/cert/9999/alternate");
        server.notFound("/cert/"); // where the JDK resolves "<>" against /cert/N (it should be /cert/N itself)

        IssuedCertificate issued = issuer.issue(request("example.com").responders(http01())
                .preferredChain("Nobody's Root").build());

        assertThat(issued.certificate().topIssuerName()).isEqualTo(TestPki.ROOT);
        assertThat(listener.events()).contains("alternateChainFailed file:///etc/passwd: AcmeProtocolException")
                .anySatisfy(e -> assertThat(e).startsWith("alternateChainFailed ").contains("/cert/9999/alternate"))
                .contains("downloaded");
    }

    @Test
    void aBrokenAlternateDoesNotHideTheGoodOneThatIsPreferred() throws Exception {
        ca.brokenAlternates("file:///etc/passwd", "/cert/9999/alternate");

        IssuedCertificate issued = issuer.issue(request("example.com").responders(http01())
                .preferredChain(TestPki.ALT_ROOT).build());

        assertThat(issued.certificate().topIssuerName()).isEqualTo(TestPki.ALT_ROOT);
    }

    @Test
    void badNonceRejectionsAreRetriedWithoutDisturbingTheFlow() throws Exception {
        server.rejectEveryNthNonce(3);
        FakeResponder http = http01();

        IssuedCertificate issued = issuer.issue(request("a.example", "b.example", "c.example").responders(http).build());

        assertThat(session.statistics().badNonceRetries()).isPositive();
        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(3);
        assertAllClosedOnce(http);
    }
}
