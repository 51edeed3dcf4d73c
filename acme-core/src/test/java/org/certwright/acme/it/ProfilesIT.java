package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.security.cert.X509Certificate;
import org.certwright.acme.NewOrder;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** Certificate profiles (meta.profiles and order.profile) against Pebble 2.7 or newer. */
@Pebble(profiles = true)
class ProfilesIT {

    @Test
    void ordersWithAProfileAndGetsItsValidity(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        assertThat(session.directory().meta().profiles()).containsKeys("default", "shortlived");

        Order order = session.newOrder(NewOrder.builder().dns(PebbleFixtures.uniqueName("prof")).profile("shortlived").build());
        assertThat(order.profile()).contains("shortlived");

        X509Certificate leaf = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(PebbleFixtures.uniqueName("prof"))
                .profile("shortlived")
                .responders(PebbleFixtures.http01Responder(pebble))
                .build()).certificate().leaf();
        Duration validity = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(validity).isLessThanOrEqualTo(Duration.ofDays(7)).isGreaterThan(Duration.ofDays(5));
    }

    @Test
    void refusesAProfileTheDirectoryDoesNotList(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        long before = session.statistics().httpRequests();
        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("x.certwright.test").profile("nope").build()))
                .isInstanceOf(NotSupportedByServerException.class)
                .hasMessageContaining("nope").hasMessageContaining("shortlived");
        assertThat(session.statistics().httpRequests()).isEqualTo(before);
    }
}
