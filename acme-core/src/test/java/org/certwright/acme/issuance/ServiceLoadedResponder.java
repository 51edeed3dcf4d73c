package org.certwright.acme.issuance;

import java.util.Set;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.problem.AcmeException;

/**
 * A responder that {@link java.util.ServiceLoader} can instantiate (public, with a public no-argument
 * constructor), registered only by {@link CertificateIssuerDiscoveryTest} and only for the duration of
 * one call. It hands everything to the responder the test put in {@link #delegate}.
 */
public final class ServiceLoadedResponder implements ChallengeResponder {

    /** The responder the current test wants discovered. */
    static volatile ChallengeResponder delegate;

    /** The constructor ServiceLoader calls. */
    public ServiceLoadedResponder() {
    }

    @Override
    public Set<String> challengeTypes() {
        return delegate.challengeTypes();
    }

    @Override
    public boolean supports(ChallengeContext context) {
        return delegate.supports(context);
    }

    @Override
    public Provision provision(ChallengeContext context) throws AcmeException {
        return delegate.provision(context);
    }
}
