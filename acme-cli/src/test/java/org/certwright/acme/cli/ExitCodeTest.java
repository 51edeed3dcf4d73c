package org.certwright.acme.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.Identifier;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ValidationFailedException;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

    private static final ProblemContext CONTEXT = ProblemContext.of("POST", URI.create("https://ca.test/x"), 400);

    private static ProblemException problem(String type) {
        return ProblemException.of(Problem.builder(URI.create("urn:ietf:params:acme:error:" + type)).detail("d").build(),
                CONTEXT);
    }

    @Test
    void eachKindOfFailureHasItsCode() {
        ValidationFailedException failed = ValidationFailedException.of(Identifier.dns("example.com"),
                Optional.of("http-01"), problem("incorrectResponse").problem(), CONTEXT);

        assertThat(ExitCode.of(problem("rateLimited"))).isEqualTo(ExitCode.RATE_LIMITED).isEqualTo(6);
        assertThat(ExitCode.of(failed)).isEqualTo(ExitCode.VALIDATION_FAILED).isEqualTo(4);
        assertThat(ExitCode.of(new AllChallengesFailedException(List.of(failed)))).isEqualTo(4);
        assertThat(ExitCode.of(new AcmeNetworkException("TLS failure", "GET", URI.create("https://ca.test/"), null)))
                .isEqualTo(ExitCode.NETWORK).isEqualTo(5);
        assertThat(ExitCode.of(problem("unauthorized"))).isEqualTo(ExitCode.CA_PROBLEM).isEqualTo(3);
        assertThat(ExitCode.of(problem("alreadyRevoked"))).isEqualTo(3);
        assertThat(ExitCode.of(new IllegalArgumentException("bad"))).isEqualTo(ExitCode.USAGE).isEqualTo(2);
        assertThat(ExitCode.of(new StoreException("disk full", "accounts/x"))).isEqualTo(ExitCode.LOCAL_ERROR).isEqualTo(1);
        assertThat(ExitCode.of(new IOException("no such file"))).isEqualTo(1);
        assertThat(ExitCode.of(new AcmeInterruptedException("GET", URI.create("https://ca.test/"), new InterruptedException())))
                .isEqualTo(ExitCode.INTERRUPTED);
    }
}
