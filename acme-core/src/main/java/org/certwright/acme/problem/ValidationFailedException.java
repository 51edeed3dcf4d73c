package org.certwright.acme.problem;

/**
 * The CA could not validate control of an identifier: the {@code error} of a failed challenge,
 * authorization or order. Subclasses name the common causes.
 */
public class ValidationFailedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public ValidationFailedException(Problem problem, ProblemContext context) {
        super(problem, context);
    }

    /**
     * The exception for a failed validation: the subclass for a connection, DNS, TLS, wrong
     * response or CAA failure, otherwise this type.
     */
    public static ValidationFailedException of(Problem problem, ProblemContext context) {
        return switch (problem.knownType()) {
            case CONNECTION -> new ConnectionValidationException(problem, context);
            case DNS -> new DnsValidationException(problem, context);
            case TLS -> new TlsValidationException(problem, context);
            case INCORRECT_RESPONSE -> new IncorrectResponseException(problem, context);
            case CAA -> new CaaException(problem, context);
            default -> new ValidationFailedException(problem, context);
        };
    }
}
