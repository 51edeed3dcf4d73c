/**
 * dns-01 through an HTTP endpoint of the user's, like lego's {@code httpreq}:
 * {@link org.certwright.acme.dns.httpreq.HttpReqDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.httpreq;
