/**
 * dns-01 through Amazon Route 53: {@link org.certwright.acme.dns.route53.Route53DnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.route53;
