package org.certwright.acme.problem;

/**
 * The CA had a TLS problem while validating ({@code tls}).
 */
public class TlsValidationException extends ValidationFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public TlsValidationException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
