package org.certwright.acme.problem;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The CA reported a problem (RFC 8555 §6.7). Carries the {@link Problem} with its subproblems,
 * the request it answered, and the {@code Retry-After} and help links the CA sent.
 *
 * <p>Well-known problem types have subclasses, so that callers can catch what they can act on;
 * {@link #of(Problem, ProblemContext)} picks the right one.
 */
public class ProblemException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final transient ProblemContext context;

    /** Creates the exception for a problem reported in answer to the given request. */
    public ProblemException(Problem problem, ProblemContext context) {
        super(Objects.requireNonNull(problem, "problem").describe(), context.method(), context.url(),
                context.httpStatus(), null);
        this.problem = problem;
        this.context = context;
    }

    /**
     * Creates the exception with a message that says what the request was for, before the
     * problem's own description.
     *
     * @param what    what the CA refused, such as "the CA refused to deactivate authorization …"
     * @param problem the CA's problem document
     * @param context the request and response headers that came with it
     * @param cause   the exception this one adds to, or {@code null}
     * @since 0.2.0
     */
    protected ProblemException(String what, Problem problem, ProblemContext context, Throwable cause) {
        super(what + ": " + Objects.requireNonNull(problem, "problem").describe(), context.method(), context.url(),
                context.httpStatus(), cause);
        this.problem = problem;
        this.context = context;
    }

    /** The problem document. */
    public Problem problem() {
        return problem;
    }

    /** The problem's known type. */
    public ProblemType type() {
        return problem.knownType();
    }

    /** The request and response headers that came with the problem. */
    public ProblemContext context() {
        return context;
    }

    /** When the CA said the request may be retried. */
    public Optional<Instant> retryAfter() {
        return context.retryAfter();
    }

    /** Documentation links the CA sent ({@code Link rel="help"}). */
    public List<URI> helpLinks() {
        return context.helpLinks();
    }

    /**
     * The exception type for a problem: the subclass for its known type, or a plain
     * {@code ProblemException}.
     */
    public static ProblemException of(Problem problem, ProblemContext context) {
        return switch (problem.knownType()) {
            case RATE_LIMITED -> new RateLimitedException(problem, context);
            case USER_ACTION_REQUIRED, AGREEMENT_REQUIRED -> new UserActionRequiredException(problem, context);
            case UNAUTHORIZED -> new UnauthorizedException(problem, context);
            case BAD_CSR -> new BadCsrException(problem, context);
            case BAD_NONCE -> new BadNonceException(problem, context);
            case BAD_SIGNATURE_ALGORITHM -> new BadSignatureAlgorithmException(problem, context);
            case ORDER_NOT_READY -> new OrderNotReadyException(problem, context);
            case ALREADY_REVOKED -> new AlreadyRevokedException(problem, context);
            case ALREADY_REPLACED -> new AlreadyReplacedException(problem, context);
            case EXTERNAL_ACCOUNT_REQUIRED -> new ExternalAccountRequiredException(problem, context);
            case ACCOUNT_DOES_NOT_EXIST -> new AccountDoesNotExistException(problem, context);
            case INVALID_PROFILE -> new InvalidProfileException(problem, context);
            case CONNECTION, DNS, TLS, INCORRECT_RESPONSE, CAA -> ValidationFailedException.of(problem, context);
            default -> new ProblemException(problem, context);
        };
    }
}
