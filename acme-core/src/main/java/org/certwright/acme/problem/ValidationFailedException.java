package org.certwright.acme.problem;

import java.util.Optional;
import org.certwright.acme.Identifier;

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

    /**
     * The exception for a failed validation of {@code identifier}, optionally by a challenge of
     * {@code challengeType}: the problem's detail is prefixed with what failed ("validation of
     * dns:example.com by http-01 failed: ..."), and the identifier is recorded on the problem
     * unless the CA named one.
     *
     * @since 0.2.0
     */
    public static ValidationFailedException of(Identifier identifier, Optional<String> challengeType,
                                               Problem problem, ProblemContext context) {
        String detail = "validation of " + identifier + challengeType.map(t -> " by " + t).orElse("") + " failed: "
                + problem.detail().or(problem::title).orElse("the CA gave no detail");
        return of(problem.toBuilder()
                .detail(detail)
                .identifier(problem.identifier().or(() -> Optional.of(identifier)))
                .build(), context);
    }
}
