package org.certwright.acme.problem;

/**
 * The order cannot be finalized yet ({@code orderNotReady}): not all of its authorizations are valid.
 */
public class OrderNotReadyException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public OrderNotReadyException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
