package org.certwright.acme.it;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.certwright.acme.Challenge;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.certwright.testkit.Http01TestServer;
import org.certwright.testkit.PebbleServer;

/**
 * Shared pieces of the Pebble integration tests: sessions with fresh accounts, and one http-01
 * test server per Pebble instance (it listens on Pebble's fixed validation port, so tests that
 * share an instance share the server).
 */
final class PebbleFixtures {

    private static final Map<PebbleServer, Http01TestServer> HTTP_SERVERS = new ConcurrentHashMap<>();

    private PebbleFixtures() {
    }

    /** A session builder for Pebble with a new EC P-256 account key. */
    static Session.Builder sessionBuilder(PebbleServer pebble) {
        return Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(java.util.List.of(pebble.trustAnchor()))
                .userAgent("certwright-it/1");
    }

    /** A session with a new account that agreed to the terms of service. */
    static Session sessionWithAccount(PebbleServer pebble) throws AcmeException {
        Session session = sessionBuilder(pebble).build();
        session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());
        return session;
    }

    /** Issues a certificate for the names with the test http-01 responder. */
    static org.certwright.acme.issuance.IssuedCertificate issue(Session session, PebbleServer pebble, String... names)
            throws AcmeException {
        return new org.certwright.acme.issuance.CertificateIssuer(session).issue(
                org.certwright.acme.issuance.IssuanceRequest.builder()
                        .dns(names)
                        .responders(http01Responder(pebble))
                        .build());
    }

    /** A DNS name that no other test uses. */
    static String uniqueName(String label) {
        return label + "-" + Long.toString(System.nanoTime(), 36) + ".certwright.test";
    }

    /** The http-01 server listening on the Pebble instance's validation port. */
    static Http01TestServer http01(PebbleServer pebble) {
        return HTTP_SERVERS.computeIfAbsent(pebble, p -> Http01TestServer.start(p.httpPort()));
    }

    /** A minimal http-01 responder on the instance's test server (the real responders are in acme-challenges). */
    static ChallengeResponder http01Responder(PebbleServer pebble) {
        Http01TestServer server = http01(pebble);
        return new ChallengeResponder() {
            @Override
            public Set<String> challengeTypes() {
                return Set.of(Challenge.HTTP_01);
            }

            @Override
            public boolean supports(ChallengeContext context) {
                return context.type().equals(Challenge.HTTP_01) && !context.identifier().isWildcard();
            }

            @Override
            public Provision provision(ChallengeContext context) {
                HttpResource file = context.httpResource().orElseThrow();
                server.put(file.name(), file.content());
                return () -> server.remove(file.name());
            }
        };
    }
}
