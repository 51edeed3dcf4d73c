package org.certwright.acme.problem;

/**
 * The certificate named in an order's {@code replaces} was already replaced by another order
 * ({@code alreadyReplaced}, RFC 9773).
 */
public class AlreadyReplacedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public AlreadyReplacedException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
