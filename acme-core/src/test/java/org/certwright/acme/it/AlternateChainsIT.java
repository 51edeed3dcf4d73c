package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import org.certwright.acme.Certificate;
import org.certwright.acme.Link;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** Alternate chains ({@code Link rel="alternate"}) and choosing one by root name. */
@Pebble(alternateRoots = 2)
class AlternateChainsIT {

    @Test
    void offersAlternatesAndPicksTheChainToTheNamedRoot(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        List<X509Certificate> roots = pebble.roots();
        assertThat(roots).hasSize(3);
        X509Certificate wanted = roots.get(2);
        String wantedName = commonName(wanted);

        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(PebbleFixtures.uniqueName("alt"))
                .responders(PebbleFixtures.http01Responder(pebble))
                .preferredChain(wantedName)
                .build());

        Certificate chosen = issued.certificate();
        assertThat(chosen.topIssuerName()).isEqualTo(wantedName);
        X509Certificate top = chosen.chain().get(chosen.chain().size() - 1);
        top.verify(wanted.getPublicKey());
        assertThat(chosen.alternates()).hasSize(2);

        // Every chain offered has the same leaf.
        for (Link<Certificate> alternate : chosen.alternates()) {
            assertThat(session.fetch(alternate).leaf()).isEqualTo(chosen.leaf());
        }
    }

    @Test
    void unknownPreferenceFallsBackToTheDefaultChain(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        IssuedCertificate issued = PebbleFixtures.issue(session, pebble, PebbleFixtures.uniqueName("alt"));
        Order order = session.fetch(Link.order(orderOf(session, issued)));
        Certificate fallback = session.downloadCertificate(order, "No Such Root");
        assertThat(fallback.url()).isEqualTo(issued.certificate().url());
        assertThat(fallback.topIssuerName()).isEqualTo(commonName(pebble.roots().get(0)));
    }

    private static java.net.URI orderOf(Session session, IssuedCertificate issued) throws Exception {
        // The account's newest order is the one that produced this certificate.
        for (Link<Order> link : session.orders().orders()) {
            Order o = session.fetch(link);
            if (o.certificate().map(Link::url).filter(issued.certificate().url()::equals).isPresent()) {
                return o.url();
            }
        }
        throw new AssertionError("order not found");
    }

    static String commonName(X509Certificate c) {
        String dn = c.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return dn;
    }
}
