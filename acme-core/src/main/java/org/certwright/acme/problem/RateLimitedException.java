package org.certwright.acme.problem;

/**
 * A rate limit was exceeded ({@code rateLimited}). {@link #retryAfter()} says when to try again
 * and {@link #helpLinks()} usually points at the CA's rate-limit documentation.
 */
public class RateLimitedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public RateLimitedException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
