package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Registration;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.UnauthorizedException;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** The account lifecycle against Pebble: create, find, update, key rollover, deactivate. */
@Pebble
class AccountLifecycleIT {

    @Test
    void createsAndFindsAnAccount(PebbleServer pebble) throws Exception {
        AccountKey key = AccountKey.of(KeyType.EC_P256.generate());
        Session session = Session.builder(pebble.directoryUrl(), key)
                .trustedCertificates(List.of(pebble.trustAnchor())).build();
        assertThat(session.findRegistration()).isEmpty();

        Registration created = session.register(NewRegistration.builder()
                .contact("mailto:admin@example.com").agreeToTermsOfService().build());
        assertThat(created.status()).isEqualTo(Status.VALID);
        assertThat(created.contacts()).containsExactly(URI.create("mailto:admin@example.com"));
        assertThat(session.accountUrl()).contains(created.url());

        Session again = Session.builder(pebble.directoryUrl(), key)
                .trustedCertificates(List.of(pebble.trustAnchor())).build();
        assertThat(again.findRegistration()).map(Registration::url).contains(created.url());
        assertThat(again.fetchRegistration().url()).isEqualTo(created.url());

        // Registering again with the same key returns the existing account.
        assertThat(again.register(NewRegistration.builder().agreeToTermsOfService().build()).url())
                .isEqualTo(created.url());
    }

    @Test
    void updatesContacts(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        List<URI> contacts = List.of(URI.create("mailto:new@example.com"), URI.create("mailto:other@example.com"));
        assertThat(session.updateContacts(contacts).contacts()).containsExactlyElementsOf(contacts);
        assertThat(session.fetchRegistration().contacts()).containsExactlyElementsOf(contacts);
    }

    @Test
    void rollsTheAccountOverToANewKey(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        URI account = session.accountUrl().orElseThrow();
        AccountKey oldKey = session.accountKey();
        AccountKey newKey = AccountKey.of(KeyType.EC_P384.generate());

        Registration rolled = session.changeAccountKey(newKey);
        assertThat(rolled.url()).isEqualTo(account);
        assertThat(session.accountKey()).isSameAs(newKey);
        assertThat(session.fetchRegistration().url()).isEqualTo(account);

        Session withNewKey = Session.builder(pebble.directoryUrl(), newKey)
                .trustedCertificates(List.of(pebble.trustAnchor())).build();
        assertThat(withNewKey.findRegistration()).map(Registration::url).contains(account);
        Session withOldKey = Session.builder(pebble.directoryUrl(), oldKey)
                .trustedCertificates(List.of(pebble.trustAnchor())).build();
        assertThat(withOldKey.findRegistration()).isEmpty();
    }

    @Test
    void deactivatesAnAccount(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        assertThat(session.deactivateRegistration().status()).isEqualTo(Status.DEACTIVATED);
        assertThatThrownBy(session::fetchRegistration).isInstanceOf(UnauthorizedException.class);
    }
}
