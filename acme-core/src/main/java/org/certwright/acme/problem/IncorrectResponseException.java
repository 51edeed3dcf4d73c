package org.certwright.acme.problem;

/**
 * The CA reached the validation target but got the wrong answer ({@code incorrectResponse}).
 */
public class IncorrectResponseException extends ValidationFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public IncorrectResponseException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
