package org.certwright.acme.problem;

import java.net.URI;
import java.util.Optional;

/**
 * A human must act before the CA continues ({@code userActionRequired}, RFC 8555 §7.3.3),
 * usually to agree to changed terms of service. {@link #termsOfService()} is the new terms and
 * {@link #instance()} the page the CA wants a human to visit.
 *
 * <p>Pebble 2.4's pre-RFC {@code agreementRequired} arrives as this type too.
 */
public class UserActionRequiredException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public UserActionRequiredException(Problem problem, ProblemContext context) {
        super(problem, context);
    }

    /** The new terms of service ({@code Link rel="terms-of-service"}), if the CA sent it. */
    public Optional<URI> termsOfService() {
        return context().termsOfService();
    }

    /** The page a human should visit ({@code instance} of the problem), if given. */
    public Optional<URI> instance() {
        return problem().instance();
    }
}
