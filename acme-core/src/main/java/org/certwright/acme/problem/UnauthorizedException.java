package org.certwright.acme.problem;

/**
 * The account is not allowed to do this ({@code unauthorized}), for example because it is
 * deactivated or does not own the resource.
 */
public class UnauthorizedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public UnauthorizedException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
