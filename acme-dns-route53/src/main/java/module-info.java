/**
 * dns-01 through Amazon Route 53 with the AWS SDK v2:
 * {@link org.certwright.acme.dns.route53.Route53DnsProvider}.
 */
module org.certwright.acme.dns.route53 {
    requires transitive org.certwright.acme.dns.providers;
    requires transitive software.amazon.awssdk.services.route53;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.retries;
    requires org.slf4j;

    exports org.certwright.acme.dns.route53;

    provides org.certwright.acme.challenges.DnsProviderFactory with
            org.certwright.acme.dns.route53.Route53DnsProviderFactory;
}
