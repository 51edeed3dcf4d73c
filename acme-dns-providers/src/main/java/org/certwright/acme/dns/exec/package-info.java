/**
 * dns-01 through a command of the user's, like lego's {@code exec}:
 * {@link org.certwright.acme.dns.exec.ExecDnsProvider}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.dns.exec;
