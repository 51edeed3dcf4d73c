/**
 * Implementation details of the responders: shared listeners, provision bookkeeping, the TLS
 * server behind {@code TlsAlpnResponder}, DNS messages, zone and nameserver discovery, the
 * propagation loop. Not exported; may change in any release.
 */
package org.certwright.acme.challenges.internal;
