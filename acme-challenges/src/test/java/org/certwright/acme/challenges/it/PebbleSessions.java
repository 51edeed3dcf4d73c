package org.certwright.acme.challenges.it;

import java.util.List;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.certwright.testkit.PebbleServer;

/** Sessions with fresh accounts on a Pebble instance. */
final class PebbleSessions {

    private PebbleSessions() {
    }

    static Session withAccount(PebbleServer pebble) throws AcmeException {
        Session session = Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(List.of(pebble.trustAnchor()))
                .userAgent("certwright-challenges-it/1")
                .build();
        session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());
        return session;
    }

    /** A name no other test uses: Pebble's instance, and its DNS data, are shared. */
    static String uniqueName(String label) {
        return label + "-" + Long.toString(System.nanoTime(), 36) + ".example.com";
    }
}
