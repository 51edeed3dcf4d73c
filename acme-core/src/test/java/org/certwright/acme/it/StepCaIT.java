package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.Registration;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyAuthorization;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.ExternalAccountRequiredException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ValidationFailedException;
import org.certwright.testkit.Http01TestServer;
import org.certwright.testkit.StepCaExtension;
import org.certwright.testkit.StepCaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client against smallstep's step-ca 0.19.0: every feature it supports, and each of its
 * departures from RFC 8555 that the client tolerates (see the site's "CA compatibility" page).
 */
@ExtendWith(StepCaExtension.class)
class StepCaIT {

    private static final Duration HANG_LIMIT = Duration.ofSeconds(60);

    @Test
    void accountLifecycle(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        assertThat(session.findRegistration()).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.VALID));

        Registration updated = session.updateContacts(List.of(URI.create("mailto:other@example.com")));
        assertThat(updated.contacts()).containsExactly(URI.create("mailto:other@example.com"));

        assertThat(session.deactivateRegistration().status()).isEqualTo(Status.DEACTIVATED);
    }

    @Test
    void externalAccountBinding(StepCaServer stepCa) throws Exception {
        Session unbound = Session.builder(stepCa.eabDirectoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(List.of(stepCa.trustAnchor())).build();
        assertThat(unbound.directory().meta().externalAccountRequired()).isTrue();
        assertThatThrownBy(() -> unbound.register(NewRegistration.builder().agreeToTermsOfService().build()))
                .isInstanceOf(ExternalAccountRequiredException.class);

        StepCaServer.EabKey key = stepCa.takeEabKey();
        Session bound = Session.builder(stepCa.eabDirectoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(List.of(stepCa.trustAnchor())).build();
        Registration account = bound.register(NewRegistration.builder().agreeToTermsOfService()
                .externalAccountBinding(ExternalAccountBinding.of(key.keyId(), key.hmacKey())).build());
        assertThat(account.status()).isEqualTo(Status.VALID);
    }

    @Test
    void issuesForDnsAndIpIdentifiersInOneCall(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        Identifier ip = Identifier.ip(stepCa.validationAddress().getHostAddress());
        Identifier dns = Identifier.dns(StepCaFixtures.uniqueName("one-call"));

        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .identifiers(List.of(dns, ip))
                .responders(StepCaFixtures.http01Responder(stepCa))
                .build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactlyInAnyOrder(dns, ip);
        assertChainsTo(issued.certificate(), stepCa.trustAnchor());
    }

    @Test
    void issuesStepByStep(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        String name = StepCaFixtures.uniqueName("steps");
        Http01TestServer http01 = StepCaFixtures.http01(stepCa);

        Order order = session.newOrder(NewOrder.builder().dns(name).build());
        for (Authorization authz : session.authorizations(order)) {
            Challenge challenge = authz.challenge(Challenge.HTTP_01).orElseThrow();
            KeyAuthorization keyAuthorization = session.keyAuthorization(challenge);
            http01.put(challenge.token().orElseThrow(), keyAuthorization.value());
            session.respond(challenge);
            assertThat(session.awaitAuthorization(authz).status()).isEqualTo(Status.VALID);
        }
        KeyPair domainKey = KeyType.EC_P256.generate();
        Order valid = session.awaitOrder(session.finalize(session.awaitOrder(order),
                Csr.of(domainKey, List.of(Identifier.dns(name)))));
        // step-ca sends "application/pem-certificate-chain; charset=utf-8" and no alternate chains.
        Certificate certificate = session.downloadCertificate(valid);

        assertThat(Certificate.namedIdentifiers(certificate.leaf())).containsExactly(Identifier.dns(name));
        assertThat(certificate.leaf().getPublicKey()).isEqualTo(domainKey.getPublic());
        assertChainsTo(certificate, stepCa.trustAnchor());
    }

    @Test
    void revokesWithTheAccountKeyAndWithTheCertificateKey(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        IssuedCertificate first = issue(session, stepCa, StepCaFixtures.uniqueName("rev-account"));
        session.revoke(first.certificate().leaf(), RevocationReason.SUPERSEDED);
        assertThatThrownBy(() -> session.revoke(first.certificate().leaf(), RevocationReason.SUPERSEDED))
                .isInstanceOf(ProblemException.class);

        IssuedCertificate second = issue(session, stepCa, StepCaFixtures.uniqueName("rev-key"));
        Session stranger = StepCaFixtures.sessionBuilder(stepCa).build();
        stranger.revoke(second.certificate().leaf(), RevocationReason.KEY_COMPROMISE, second.keyPair().orElseThrow());
        assertThatThrownBy(() -> session.revoke(second.certificate().leaf(), RevocationReason.SUPERSEDED))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void keyChangeIsNotSupported(StepCaServer stepCa) throws Exception {
        // Listed in the directory, answered with 501 and the problem type rejectedIdentifier.
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        assertThatThrownBy(() -> session.changeAccountKey(AccountKey.of(KeyType.EC_P256.generate())))
                .isInstanceOf(NotSupportedByServerException.class);
    }

    @Test
    void readsTheBareArrayOrdersList(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        Order order = session.newOrder(NewOrder.builder().dns(StepCaFixtures.uniqueName("list")).build());

        assertThat(session.orders().orders()).extracting(l -> l.url()).contains(order.url());
        assertThat(session.orders().next()).isEmpty();
    }

    @Test
    void aRefusedAuthorizationDeactivationSaysSo(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        Order order = session.newOrder(NewOrder.builder().dns(StepCaFixtures.uniqueName("deactivate")).build());
        Authorization authz = session.authorizations(order).get(0);

        assertThatThrownBy(() -> session.deactivate(authz))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("refused to deactivate")
                .hasMessageContaining(authz.url().toString());
    }

    @Test
    void aWrongKeyAuthorizationFailsFastThoughTheAuthorizationStaysPending(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        Order order = session.newOrder(NewOrder.builder().dns(StepCaFixtures.uniqueName("wrong")).build());
        Authorization authz = session.authorizations(order).get(0);
        Challenge challenge = authz.challenge(Challenge.HTTP_01).orElseThrow();
        StepCaFixtures.http01(stepCa).put(challenge.token().orElseThrow(), "not-the-key-authorization");
        session.respond(challenge);

        // step-ca reports rejectedIdentifier with a generic detail, and leaves the authorization pending.
        assertTimeoutPreemptively(HANG_LIMIT, () -> assertThatThrownBy(() -> session.awaitAuthorization(authz))
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("http-01"));
        assertThat(session.refresh(authz).status()).isEqualTo(Status.PENDING);
    }

    @Test
    void aConnectionFailureIsAnsweredAgainOnceTheResponderServes(StepCaServer stepCa) throws Exception {
        Session session = StepCaFixtures.sessionWithAccount(stepCa);
        Order order = session.newOrder(NewOrder.builder().dns(StepCaFixtures.uniqueName("retry")).build());
        Authorization authz = session.authorizations(order).get(0);
        Challenge challenge = authz.challenge(Challenge.HTTP_01).orElseThrow();

        // Nothing is served yet: step-ca gets a 404, stores a connection error and never retries.
        Challenge failed = session.respond(challenge);
        assertThat(failed.status()).isEqualTo(Status.PENDING);
        assertThat(failed.error()).hasValueSatisfying(p -> assertThat(p.type().toString()).endsWith(":connection"));

        StepCaFixtures.http01(stepCa).put(challenge.token().orElseThrow(), session.keyAuthorization(challenge).value());
        Authorization valid = assertTimeoutPreemptively(HANG_LIMIT, () -> session.awaitAuthorization(authz));
        assertThat(valid.status()).isEqualTo(Status.VALID);
    }

    private static IssuedCertificate issue(Session session, StepCaServer stepCa, String name) throws Exception {
        return new CertificateIssuer(session).issue(IssuanceRequest.builder().dns(name)
                .responders(StepCaFixtures.http01Responder(stepCa)).build());
    }

    private static void assertChainsTo(Certificate certificate, X509Certificate root) throws Exception {
        List<X509Certificate> chain = certificate.chain();
        X509Certificate top = chain.get(chain.size() - 1);
        top.verify(root.getPublicKey());
        assertThat(top.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    }
}
