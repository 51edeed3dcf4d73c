/**
 * dns-01 through Google Cloud DNS with a service account:
 * {@link org.certwright.acme.dns.google.GoogleCloudDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.google;
