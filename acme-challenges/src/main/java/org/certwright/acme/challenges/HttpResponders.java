package org.certwright.acme.challenges;

import java.util.Set;
import org.certwright.acme.Challenge;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.ProvisioningException;

/**
 * What the http-01 responders share. They work on {@link HttpResource} only, never on tokens or
 * key authorizations, so that a challenge type with another name-to-content rule needs nothing
 * more than its type added here. The 2015 draft's {@code simpleHttps} is not: its CA fetches the
 * file over HTTPS and checks a self-signed certificate for the account key, which a plain-HTTP
 * server cannot satisfy; {@link SimpleHttpsResponder} serves it, from the same store and handler.
 */
final class HttpResponders {

    /** The challenge types whose context carries an {@link HttpResource}. */
    static final Set<String> TYPES = Set.of(Challenge.HTTP_01);

    private HttpResponders() {
    }

    static boolean supports(ChallengeContext context) {
        return TYPES.contains(context.type()) && context.httpResource().isPresent();
    }

    static HttpResource resource(ChallengeContext context) throws ProvisioningException {
        return context.httpResource().orElseThrow(() -> new ProvisioningException(
                "challenge " + context.challenge().url() + " (" + context.type() + ") has no file to serve"));
    }
}
