package org.certwright.acme.challenges;

import java.util.Set;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenge.TlsAlpnValidation;

/** What the tls-alpn-01 responders share. */
final class TlsAlpnResponders {

    static final Set<String> TYPES = Set.of(Challenge.TLS_ALPN_01);

    private TlsAlpnResponders() {
    }

    /** tls-alpn-01 with a validation for a DNS name or IP address; never a wildcard (RFC 8737 §3). */
    static boolean supports(ChallengeContext context) {
        if (!TYPES.contains(context.type()) || context.tlsAlpn().isEmpty() || context.identifier().isWildcard()) {
            return false;
        }
        Identifier identifier = context.tlsAlpn().get().identifier();
        return identifier.isIp() || identifier.isDns() && !identifier.isWildcard();
    }

    static TlsAlpnValidation validation(ChallengeContext context) throws ProvisioningException {
        if (!supports(context)) {
            throw new ProvisioningException("challenge " + context.challenge().url() + " (" + context.type()
                    + ") for " + context.identifier() + " is not a tls-alpn-01 challenge this responder can answer");
        }
        return context.tlsAlpn().get();
    }
}
