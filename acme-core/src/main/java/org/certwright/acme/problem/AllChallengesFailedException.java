package org.certwright.acme.problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Validation of an identifier failed with every challenge type the caller allowed; the issuance
 * flow tried them one after another, each with a fresh order. {@link #failures()} has each
 * attempt's failure, in order.
 */
public class AllChallengesFailedException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ValidationFailedException> failures;

    /** Creates the exception from the failures of every attempt, oldest first. */
    public AllChallengesFailedException(List<ValidationFailedException> failures) {
        super("validation failed with every allowed challenge type: " + failures.stream()
                .map(f -> f.problem().describe())
                .collect(Collectors.joining(" | ")), failures.isEmpty() ? null : failures.get(failures.size() - 1));
        this.failures = List.copyOf(failures);
        // The last failure is the cause already; adding it as suppressed too printed it twice more
        // (once in full, once as a circular reference).
        failures.subList(0, Math.max(0, failures.size() - 1)).forEach(this::addSuppressed);
    }

    /** The failure of each attempt, oldest first. */
    public List<ValidationFailedException> failures() {
        return failures;
    }
}
