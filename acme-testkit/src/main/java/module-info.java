/**
 * Certwright's test kit: a JUnit 5 extension that runs a real Pebble CA with pebble-challtestsrv as
 * its DNS server, a BIND 9 server for RFC 2136 tests (which a Pebble can use as its DNS server), and
 * a small http-01 responder for integration tests.
 *
 * <p>It deliberately does not depend on {@code acme-core}, whose integration tests use it.
 */
module org.certwright.testkit {
    exports org.certwright.testkit;

    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires java.net.http;
    requires jdk.httpserver;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires tools.jackson.databind;
}
