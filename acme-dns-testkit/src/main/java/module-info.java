/**
 * A conformance kit for {@link org.certwright.acme.challenges.DnsProvider} implementations:
 * subclass {@link org.certwright.acme.dns.testkit.DnsProviderContract} in a JUnit 5 test and it
 * checks concurrent adds at one name, removal of only the provider's own value, idempotent
 * clean-up, zone discovery, bad credentials and rate limits against the service the test points
 * the provider at.
 *
 * <p>It lives in a module of its own, not in {@code acme-testkit}, because it needs the SPI of
 * {@code acme-challenges}, whose own tests use {@code acme-testkit}.
 */
module org.certwright.acme.dns.testkit {
    requires transitive org.certwright.acme.challenges;
    requires transitive org.junit.jupiter.api;

    exports org.certwright.acme.dns.testkit;
    // JUnit calls the inherited test methods reflectively.
    opens org.certwright.acme.dns.testkit to org.junit.platform.commons;
}
