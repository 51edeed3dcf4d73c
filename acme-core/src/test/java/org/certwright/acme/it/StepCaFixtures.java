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
import org.certwright.testkit.StepCaServer;

/**
 * Shared pieces of the step-ca integration tests: sessions with fresh accounts and one http-01 test
 * server per instance, on the address and port step-ca validates at.
 */
final class StepCaFixtures {

    private static final Map<StepCaServer, Http01TestServer> HTTP_SERVERS = new ConcurrentHashMap<>();

    private StepCaFixtures() {
    }

    static Session.Builder sessionBuilder(StepCaServer stepCa) {
        return Session.builder(stepCa.directoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(java.util.List.of(stepCa.trustAnchor()))
                .userAgent("certwright-it/1");
    }

    static Session sessionWithAccount(StepCaServer stepCa) throws AcmeException {
        Session session = sessionBuilder(stepCa).build();
        session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());
        return session;
    }

    /** A DNS name that no other test uses; the CA's resolver answers it with the validation address. */
    static String uniqueName(String label) {
        return label + "-" + Long.toString(System.nanoTime(), 36) + ".certwright.test";
    }

    static Http01TestServer http01(StepCaServer stepCa) {
        return HTTP_SERVERS.computeIfAbsent(stepCa,
                s -> Http01TestServer.start(s.validationAddress(), StepCaServer.HTTP_PORT));
    }

    /** A minimal http-01 responder on the instance's test server (the real responders are in acme-challenges). */
    static ChallengeResponder http01Responder(StepCaServer stepCa) {
        Http01TestServer server = http01(stepCa);
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
