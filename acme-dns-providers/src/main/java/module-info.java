/**
 * dns-01 providers for DNS services reached over HTTP, needing nothing beyond the JDK and Jackson.
 * Each is a {@link org.certwright.acme.challenges.DnsProvider} with a builder for code and a
 * {@link org.certwright.acme.challenges.DnsProviderFactory} for text options, found by
 * {@link java.util.ServiceLoader}.
 */
module org.certwright.acme.dns.providers {
    requires transitive org.certwright.acme.challenges;
    requires java.net.http;
    requires tools.jackson.databind;
    // Google's service-account tokens: an RS256 JWT (RFC 7523).
    requires com.nimbusds.jose.jwt;
    requires org.slf4j;

    exports org.certwright.acme.dns;
    exports org.certwright.acme.dns.powerdns;
    exports org.certwright.acme.dns.exec;
    exports org.certwright.acme.dns.httpreq;
    exports org.certwright.acme.dns.acmedns;
    exports org.certwright.acme.dns.cloudflare;
    exports org.certwright.acme.dns.google;
    exports org.certwright.acme.dns.azure;
    // NameLocks and friends, for the providers in modules of their own (Route 53).
    exports org.certwright.acme.dns.internal to org.certwright.acme.dns.route53;

    provides org.certwright.acme.challenges.DnsProviderFactory with
            org.certwright.acme.dns.powerdns.PowerDnsProviderFactory,
            org.certwright.acme.dns.exec.ExecDnsProviderFactory,
            org.certwright.acme.dns.httpreq.HttpReqDnsProviderFactory,
            org.certwright.acme.dns.acmedns.AcmeDnsProviderFactory,
            org.certwright.acme.dns.cloudflare.CloudflareDnsProviderFactory,
            org.certwright.acme.dns.google.GoogleCloudDnsProviderFactory,
            org.certwright.acme.dns.azure.AzureDnsProviderFactory;
}
