/**
 * dns-01 through the Cloudflare API v4: {@link org.certwright.acme.dns.cloudflare.CloudflareDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.cloudflare;
