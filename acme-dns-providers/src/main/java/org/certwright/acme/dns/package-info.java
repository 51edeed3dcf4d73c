/**
 * What the DNS providers of this module share: {@link org.certwright.acme.dns.DnsApiException}, the
 * typed error that carries a DNS service's own message. The providers are in the sub-packages, one
 * per service.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns;
