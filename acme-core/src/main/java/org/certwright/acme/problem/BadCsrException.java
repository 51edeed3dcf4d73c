package org.certwright.acme.problem;

/**
 * The CA rejected the certificate signing request ({@code badCSR}).
 */
public class BadCsrException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public BadCsrException(Problem problem, ProblemContext context) {
        super(problem, context);
    }
}
