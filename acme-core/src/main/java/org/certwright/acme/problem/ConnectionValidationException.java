package org.certwright.acme.problem;

/**
 * The CA could not connect to the validation target ({@code connection}).
 */
public class ConnectionValidationException extends ValidationFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public ConnectionValidationException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
