/**
 * Certwright's ACME client: a {@code Session} that talks to one certificate
 * authority with one account key, the immutable resource model, problem types and key handling.
 */
module org.certwright.acme {
    requires transitive java.net.http;
    requires tools.jackson.databind;
    requires com.nimbusds.jose.jwt;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports org.certwright.acme;
    exports org.certwright.acme.crypto;
}
