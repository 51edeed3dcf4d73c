package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.Session;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AlreadyRevokedException;
import org.certwright.testkit.CertStatus;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** Revocation signed by the account key and by the certificate's own key. */
@Pebble
class RevocationIT {

    @Test
    void revokesWithTheAccountKey(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        X509Certificate leaf = PebbleFixtures.issue(session, pebble, PebbleFixtures.uniqueName("rev")).certificate().leaf();
        assertThat(pebble.certStatus(leaf.getSerialNumber()).status()).isEqualTo(CertStatus.VALID);

        session.revoke(leaf, RevocationReason.SUPERSEDED);

        CertStatus status = pebble.certStatus(leaf.getSerialNumber());
        assertThat(status.status()).isEqualTo(CertStatus.REVOKED);
        assertThat(status.reason()).hasValue(RevocationReason.SUPERSEDED.code());
        assertThatThrownBy(() -> session.revoke(leaf, RevocationReason.SUPERSEDED))
                .isInstanceOf(AlreadyRevokedException.class);
    }

    @Test
    void revokesWithTheCertificateKey(PebbleServer pebble) throws Exception {
        Session owner = PebbleFixtures.sessionWithAccount(pebble);
        IssuedCertificate issued = PebbleFixtures.issue(owner, pebble, PebbleFixtures.uniqueName("rev"));

        // Anyone holding the certificate's key can revoke it, without the ordering account.
        Session stranger = PebbleFixtures.sessionBuilder(pebble).build();
        stranger.revoke(issued.certificate().leaf(), RevocationReason.KEY_COMPROMISE, issued.keyPair().orElseThrow());

        CertStatus status = pebble.certStatus(issued.certificate().leaf().getSerialNumber());
        assertThat(status.status()).isEqualTo(CertStatus.REVOKED);
        assertThat(status.reason()).hasValue(RevocationReason.KEY_COMPROMISE.code());
    }
}
