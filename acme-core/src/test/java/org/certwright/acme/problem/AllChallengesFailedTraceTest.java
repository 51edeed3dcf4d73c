package org.certwright.acme.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import org.certwright.acme.Identifier;
import org.junit.jupiter.api.Test;

/** A failed validation is printed once in a stack trace, not as cause and suppressed and circular reference. */
class AllChallengesFailedTraceTest {

    private static ValidationFailedException failure(String type, String detail) {
        Problem problem = Problem.builder(URI.create("urn:ietf:params:acme:error:incorrectResponse")).detail(detail).build();
        return ValidationFailedException.of(Identifier.dns("example.com"), java.util.Optional.of(type), problem,
                ProblemContext.of("POST", URI.create("https://ca.test/chall/1"), 200));
    }

    private static String trace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aSingleFailureAppearsOnceInTheTrace() {
        ValidationFailedException f = failure("http-01", "wrong value at /.well-known");
        String trace = trace(new AllChallengesFailedException(List.of(f)));

        assertThat(trace).doesNotContain("CIRCULAR REFERENCE");
        assertThat(count(trace, f.toString())).isOne();
    }

    @Test
    void everyFailureOfSeveralAppearsOnceInTheTrace() {
        ValidationFailedException http = failure("http-01", "http says no");
        ValidationFailedException tls = failure("tls-alpn-01", "tls says no");
        AllChallengesFailedException e = new AllChallengesFailedException(List.of(http, tls));
        String trace = trace(e);

        assertThat(trace).doesNotContain("CIRCULAR REFERENCE");
        assertThat(count(trace, http.toString())).isOne();
        assertThat(count(trace, tls.toString())).isOne();
        assertThat(e.failures()).containsExactly(http, tls);
        assertThat(e).hasMessageContaining("http says no").hasMessageContaining("tls says no");
    }
}
