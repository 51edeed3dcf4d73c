/**
 * dns-01 through the HTTP API of PowerDNS Authoritative: {@link org.certwright.acme.dns.powerdns.PowerDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.powerdns;
