package org.certwright.acme.problem;

/**
 * The requested certificate profile is unknown or cannot be used ({@code invalidProfile}).
 */
public class InvalidProfileException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public InvalidProfileException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
