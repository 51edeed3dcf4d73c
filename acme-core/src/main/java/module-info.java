/**
 * Certwright's ACME client: a {@link org.certwright.acme.Session} that talks to one certificate
 * authority with one account key, the immutable resource model, typed problems, keys and CSRs,
 * the challenge responder SPI and one-call issuance.
 */
module org.certwright.acme {
    requires transitive java.net.http;
    // JdbcCertificateStore takes a javax.sql.DataSource: callers need the module too.
    requires transitive java.sql;
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
    // One atomic file writer for the whole project: the webroot responder writes challenge files with it.
    exports org.certwright.acme.internal.io to org.certwright.acme.challenges;
    exports org.certwright.acme.internal.tls to org.certwright.acme.challenges;
    // RetryAfter, for the DNS providers that honour the services' rate limits.
    exports org.certwright.acme.internal.http to org.certwright.acme.dns.providers;

    uses org.certwright.acme.challenge.ChallengeResponder;
}
