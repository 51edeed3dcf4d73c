/**
 * dns-01 through Azure DNS with a service principal: {@link org.certwright.acme.dns.azure.AzureDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.azure;
