/**
 * Ready-made challenge responders.
 *
 * <p>DNS: {@link org.certwright.acme.challenges.DnsResponder} answers dns-01, dns-account-01 and
 * dns-persist-01 challenges by publishing TXT records through a
 * {@link org.certwright.acme.challenges.DnsProvider}, waiting until the zone's authoritative servers
 * serve them ({@link org.certwright.acme.challenges.DnsPropagationChecker}) and removing them again.
 * Providers: {@link org.certwright.acme.challenges.Rfc2136DnsProvider} (RFC 2136 dynamic update with
 * TSIG, for BIND, Knot, PowerDNS and others) and
 * {@link org.certwright.acme.challenges.ChallTestSrvDnsProvider} (pebble-challtestsrv, for local
 * development and tests).
 */
package org.certwright.acme.challenges;
