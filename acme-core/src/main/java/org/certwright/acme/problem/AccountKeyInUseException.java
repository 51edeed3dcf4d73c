package org.certwright.acme.problem;

import java.net.URI;
import java.util.Optional;

/**
 * A key rollover failed because the new key already belongs to another account (RFC 8555 §7.3.5,
 * HTTP 409). {@link #existingAccount()} names that account.
 */
public class AccountKeyInUseException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public AccountKeyInUseException(Problem problem, ProblemContext context) {
        super(problem, context);
    }

    /** The account that already has the key ({@code Location} of the 409 answer). */
    public Optional<URI> existingAccount() {
        return context().location();
    }
}
