package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Http01TestServer;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** Issuance against a real Pebble with real http-01 validation. */
@Pebble
class IssuanceIT {

    @Test
    void issuesAOneNameCertificateStepByStep(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        Http01TestServer http = PebbleFixtures.http01(pebble);
        Identifier name = Identifier.dns("step-" + System.nanoTime() + ".example.com");

        Order order = session.newOrder(NewOrder.builder().identifier(name).build());
        assertThat(order.status()).isEqualTo(Status.PENDING);
        assertThat(order.identifiers()).containsExactly(name);

        Authorization authz = session.fetch(order.authorizations().get(0));
        Challenge challenge = authz.challenge(Challenge.HTTP_01).orElseThrow();
        HttpResource file = session.challengeContext(authz, challenge).httpResource().orElseThrow();
        http.put(file.name(), file.content());
        try {
            session.respond(challenge);
            assertThat(session.awaitAuthorization(authz).status()).isEqualTo(Status.VALID);
        } finally {
            http.remove(file.name());
        }
        assertThat(http.requestedTokens()).contains(file.name());

        KeyPair domainKey = KeyType.EC_P256.generate();
        Order finalized = session.finalize(session.awaitOrder(order), Csr.of(domainKey, List.of(name)));
        Order valid = finalized.status() == Status.VALID ? finalized : session.awaitOrder(finalized);
        Certificate certificate = session.downloadCertificate(valid);

        certificate.verify(domainKey.getPublic(), List.of(name));
        assertChainsToPebbleRoot(certificate, pebble);
    }

    @Test
    void issuesAFiveNameCertificateInOneCall(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        String suffix = System.nanoTime() + ".example.org";
        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("a." + suffix, "b." + suffix, "c." + suffix, "d." + suffix, "e." + suffix)
                .responders(PebbleFixtures.http01Responder(pebble))
                .build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(5);
        assertThat(issued.keyPair()).isPresent();
        assertChainsToPebbleRoot(issued.certificate(), pebble);
    }

    @Test
    void issuesAnIpAddressCertificate(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .identifiers(List.of(Identifier.ip("127.0.0.1")))
                .responders(PebbleFixtures.http01Responder(pebble))
                .build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.ip("127.0.0.1"));
    }

    static void assertChainsToPebbleRoot(Certificate certificate, PebbleServer pebble) throws Exception {
        List<X509Certificate> chain = certificate.chain();
        X509Certificate top = chain.get(chain.size() - 1);
        X509Certificate root = pebble.roots().get(0);
        top.verify(root.getPublicKey());
        assertThat(top.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    }
}
