/**
 * Ready-made challenge responders.
 *
 * <p>http-01: {@link org.certwright.acme.challenges.EmbeddedHttpResponder} runs its own HTTP
 * server, {@link org.certwright.acme.challenges.WebrootHttpResponder} writes files for a web server
 * that already serves a directory, and {@link org.certwright.acme.challenges.StoreHttpResponder}
 * with an {@link org.certwright.acme.challenges.HttpChallengeStore} lets an application that
 * already listens on port 80 serve the challenges itself (for the JDK's HTTP server,
 * {@link org.certwright.acme.challenges.HttpChallengeHandler} does it).
 *
 * <p>tls-alpn-01 (RFC 8737): {@link org.certwright.acme.challenges.TlsAlpnResponder} runs its own
 * TLS server; {@link org.certwright.acme.challenges.TlsAlpnKeyManager} lets an application's TLS
 * server answer the CA; {@link org.certwright.acme.challenges.TlsAlpnCertificates} makes the
 * validation certificate.
 *
 * <p>DNS: {@link org.certwright.acme.challenges.DnsResponder} answers dns-01, dns-account-01 and
 * dns-persist-01 challenges by publishing TXT records through a
 * {@link org.certwright.acme.challenges.DnsProvider}, waiting until the zone's authoritative servers
 * serve them ({@link org.certwright.acme.challenges.DnsPropagationChecker}) and removing them again.
 * Providers: {@link org.certwright.acme.challenges.Rfc2136DnsProvider} (RFC 2136 dynamic update with
 * TSIG, for BIND, Knot, PowerDNS and others) and
 * {@link org.certwright.acme.challenges.ChallTestSrvDnsProvider} (pebble-challtestsrv, for local
 * development and tests).
 *
 * <p>Every responder is thread-safe and may serve several orders at once.
 */
package org.certwright.acme.challenges;
