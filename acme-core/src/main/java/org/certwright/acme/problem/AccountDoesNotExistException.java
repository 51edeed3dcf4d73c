package org.certwright.acme.problem;

/**
 * No account exists for the key ({@code accountDoesNotExist}).
 */
public class AccountDoesNotExistException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public AccountDoesNotExistException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
