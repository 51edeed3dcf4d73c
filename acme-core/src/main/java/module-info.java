/**
 * Certwright's ACME client: a {@link org.certwright.acme.Session} that talks to one certificate
 * authority with one account key, the immutable resource model, typed problems, keys and CSRs,
 * the challenge responder SPI and one-call issuance.
 */
module org.certwright.acme {
    requires transitive java.net.http;
    requires tools.jackson.databind;
    requires com.nimbusds.jose.jwt;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports org.certwright.acme;
    exports org.certwright.acme.challenge;
    exports org.certwright.acme.crypto;
    exports org.certwright.acme.issuance;
    exports org.certwright.acme.lifecycle;
    exports org.certwright.acme.problem;

    uses org.certwright.acme.challenge.ChallengeResponder;
}
