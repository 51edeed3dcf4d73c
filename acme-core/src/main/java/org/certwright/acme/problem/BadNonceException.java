package org.certwright.acme.problem;

/**
 * The CA kept rejecting nonces ({@code badNonce}) after the session had retried as often, or for
 * as long, as its {@code RetryPolicy} allows (by default 50 times within two minutes). A single
 * rejection never reaches the caller.
 */
public class BadNonceException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public BadNonceException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
