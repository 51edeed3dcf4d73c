package org.certwright.acme.problem;

/**
 * The certificate was already revoked ({@code alreadyRevoked}).
 */
public class AlreadyRevokedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public AlreadyRevokedException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
