/**
 * dns-01 through acme-dns, with the challenge name delegated by a CNAME:
 * {@link org.certwright.acme.dns.acmedns.AcmeDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.acmedns;
