package org.certwright.acme.lifecycle;

import java.util.Optional;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * Finds the tls-alpn-01 validation in progress for a server name, for a {@link ManagedKeyManager}
 * that did not answer the challenge itself: in a cluster, the instance that answered writes the
 * validation to a shared store, and whichever instance the CA's handshake reaches looks it up
 * (see {@link ManagedKeyManager#setValidationLookup}).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface TlsAlpnValidationLookup {

    /**
     * The validation in progress for a name. Called on a TLS handshake's thread, only for
     * {@code acme-tls/1} handshakes: it should answer within milliseconds, and failures should
     * be thrown (the handshake is refused and the failure logged) rather than waited out.
     *
     * @param serverName the name the CA sent in SNI, in lower case
     * @return the validation, or empty if none is in progress for that name
     */
    Optional<TlsAlpnValidation> find(String serverName);
}
