package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.certwright.acme.CertificateId;
import org.certwright.acme.NewOrder;
import org.certwright.acme.Order;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.Session;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AlreadyReplacedException;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** ACME Renewal Information (RFC 9773) against Pebble 2.6 or newer. */
@Pebble
class RenewalInfoIT {

    @Test
    void fetchesTheRenewalWindowAndReplacesTheCertificate(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        org.junit.jupiter.api.Assumptions.assumeTrue(session.directory().renewalInfo().isPresent(),
                "this Pebble has no renewalInfo");
        String name = PebbleFixtures.uniqueName("ari");
        IssuedCertificate issued = PebbleFixtures.issue(session, pebble, name);
        CertificateId id = issued.certificate().id();

        RenewalInfo info = session.renewalInfo(issued.certificate().leaf());
        assertThat(info.certificateId()).isEqualTo(id);
        assertThat(info.windowEnd()).isAfter(info.windowStart());
        assertThat(info.windowEnd()).isBefore(issued.certificate().leaf().getNotAfter().toInstant().plusSeconds(1));
        Instant pick = info.selectRenewalTime(new java.util.Random(1));
        assertThat(pick).isBetween(info.windowStart(), info.windowEnd());

        Order renewal = session.newOrder(NewOrder.builder().dns(name).replaces(id).build());
        assertThat(renewal.replaces()).contains(id.value());

        // Once a renewal has been issued, the old certificate cannot be replaced again.
        new org.certwright.acme.issuance.CertificateIssuer(session).issue(
                org.certwright.acme.issuance.IssuanceRequest.builder()
                        .dns(name).replaces(id).responders(PebbleFixtures.http01Responder(pebble)).build());
        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns(name).replaces(id).build()))
                .isInstanceOf(AlreadyReplacedException.class);
    }
}
