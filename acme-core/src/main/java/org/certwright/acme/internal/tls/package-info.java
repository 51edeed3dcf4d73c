/**
 * TLS servers that answer {@code acme-tls/1} (RFC 8737) besides their own protocols: the ALPN
 * selector and the {@code SSLContext} wrapper that installs it, shared by acme-challenges'
 * tls-alpn-01 responders and the lifecycle's key manager. Not exported, except to
 * acme-challenges.
 */
package org.certwright.acme.internal.tls;
