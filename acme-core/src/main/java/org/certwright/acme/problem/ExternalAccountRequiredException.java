package org.certwright.acme.problem;

/**
 * The CA only creates accounts bound to an external account ({@code externalAccountRequired});
 * register again with an {@code ExternalAccountBinding}.
 */
public class ExternalAccountRequiredException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public ExternalAccountRequiredException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
