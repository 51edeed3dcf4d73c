package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Registration;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.problem.ExternalAccountRequiredException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** External account binding against Pebble configured to require it. */
@Pebble(eab = true)
class ExternalAccountBindingIT {

    @Test
    void directorySaysBindingIsRequired(PebbleServer pebble) throws Exception {
        assertThat(PebbleFixtures.sessionBuilder(pebble).build().directory().meta().externalAccountRequired()).isTrue();
    }

    @Test
    void refusesAnAccountWithoutBinding(PebbleServer pebble) {
        Session session = PebbleFixtures.sessionBuilder(pebble).build();
        assertThatThrownBy(() -> session.register(NewRegistration.builder().agreeToTermsOfService().build()))
                .isInstanceOf(ExternalAccountRequiredException.class);
    }

    @Test
    void createsABoundAccount(PebbleServer pebble) throws Exception {
        Map.Entry<String, String> key = pebble.eabKeys().entrySet().iterator().next();
        Session session = PebbleFixtures.sessionBuilder(pebble).build();
        Registration account = session.register(NewRegistration.builder()
                .agreeToTermsOfService()
                .externalAccountBinding(ExternalAccountBinding.of(key.getKey(), key.getValue()))
                .build());
        assertThat(account.status()).isEqualTo(Status.VALID);
    }

    @Test
    void refusesAWrongMacKey(PebbleServer pebble) {
        String kid = pebble.eabKeys().keySet().iterator().next();
        Session session = PebbleFixtures.sessionBuilder(pebble).build();
        assertThatThrownBy(() -> session.register(NewRegistration.builder()
                .agreeToTermsOfService()
                .externalAccountBinding(ExternalAccountBinding.of(kid, "bm90LXRoZS1yaWdodC1rZXktYXQtYWxsLWZvci10aGlzLWtpZA"))
                .build()))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("POST");
    }
}
