package org.certwright.acme.problem;

import java.util.List;

/**
 * The CA does not accept the account key's signature algorithm ({@code badSignatureAlgorithm}).
 * {@link #acceptedAlgorithms()} lists those it does, when it said so.
 */
public class BadSignatureAlgorithmException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a problem reported in answer to the given request. */
    public BadSignatureAlgorithmException(Problem problem, ProblemContext context) {
        super(problem, context);
    }

    /** The JWS algorithms the CA accepts (the problem's {@code algorithms} member), possibly empty. */
    public List<String> acceptedAlgorithms() {
        Object algorithms = problem().otherFields().get("algorithms");
        if (algorithms instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
