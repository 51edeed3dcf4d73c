/**
 * The {@code certwright} command-line tool: obtains, renews and revokes certificates from any ACME
 * CA, keeping accounts and certificates in one state directory.
 *
 * @since 0.2.0
 */
package org.certwright.acme.cli;
