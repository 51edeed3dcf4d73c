/**
 * Implementation details of the responders: shared listeners, provision bookkeeping, the TLS
 * server behind {@code TlsAlpnResponder}. Not exported; may change in any release.
 */
package org.certwright.acme.challenges.internal;
