package org.certwright.acme.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Messages name a problem by something meaningful, never by an empty or half type.
class ProblemDescribeTest {

    private static Problem typed(String type, Optional<String> title, OptionalInt status) {
        return Problem.builder(URI.create(type)).title(title).detail("it failed").status(status).build();
    }

    @Test
    void aProblemTheLibraryMakesWithoutAKnownTypeHasNoHalfUrn() {
        Problem p = Problem.of(ProblemType.OTHER, "the CA gave no reason");

        assertThat(p.type()).isEqualTo(Problem.ABOUT_BLANK);
        assertThat(p.describe()).isEqualTo("problem: the CA gave no reason");
    }

    @Test
    void theUriOfOtherIsAboutBlank() {
        assertThat(ProblemType.OTHER.uri()).isEqualTo(Problem.ABOUT_BLANK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "about:blank", "urn:ietf:params:acme:error:", "urn:acme:error:"})
    void aProblemWithoutAUsableTypeIsNamedByItsStatus(String type) {
        String d = typed(type, Optional.empty(), OptionalInt.of(503)).describe();

        assertThat(d).isEqualTo("problem (status 503): it failed").doesNotContain("::");
    }

    @Test
    void anUnknownTypeIsNamedByItsUri() {
        assertThat(typed("https://ca.example/quota", Optional.empty(), OptionalInt.empty()).describe())
                .isEqualTo("https://ca.example/quota: it failed");
    }

    @Test
    void aKnownTypeIsNamedByItsToken() {
        assertThat(typed("urn:ietf:params:acme:error:badCSR", Optional.empty(), OptionalInt.of(400)).describe())
                .isEqualTo("badCSR: it failed");
    }

    @Test
    void theExceptionNamesTheHttpStatusOfTheAnswer() {
        ProblemException e = ProblemException.of(Problem.of(ProblemType.OTHER, "no reason"),
                ProblemContext.of("POST", URI.create("https://ca.example/order/1"), 403));

        assertThat(e).hasMessage("problem: no reason (POST https://ca.example/order/1 -> HTTP 403)");
    }
}
