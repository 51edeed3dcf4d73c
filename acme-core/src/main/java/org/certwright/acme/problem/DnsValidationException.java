package org.certwright.acme.problem;

/**
 * The CA had a DNS problem while validating ({@code dns}): no record, SERVFAIL, a timeout.
 */
public class DnsValidationException extends ValidationFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public DnsValidationException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
