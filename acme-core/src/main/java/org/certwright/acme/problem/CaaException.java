package org.certwright.acme.problem;

/**
 * CAA records for the identifier forbid this CA from issuing ({@code caa}).
 */
public class CaaException extends ValidationFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public CaaException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
