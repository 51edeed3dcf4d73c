package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expiry warnings of issue 8 §3 (7 days and 1 day left) on a simulated clock. */
class ExpiryWarningsTest {

    static final Instant NOT_AFTER = Instant.parse("2026-06-01T00:00:00Z");
    static final CertificateValidity CERT = CertificateValidity.of(NOT_AFTER.minus(Duration.ofDays(90)), NOT_AFTER);
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration DAY = Duration.ofDays(1);

    final ExpiryWarnings warnings = ExpiryWarnings.defaults();

    @ParameterizedTest(name = "{0} left, {1} reported before: raise {2}")
    @CsvSource(delimiter = '|', value = {
            "P30D       |            |",
            "PT168H1S   |            |",
            "P7D        |            | P7D",
            "P3D        |            | P7D",
            "P3D        | P7D        |",
            "PT24H1S    | P7D        |",
            "P1D        | P7D        | P1D",
            "PT1H       | P7D        | P1D",
            "PT1H       |            | P7D P1D",     // both crossed while nobody was looking
            "PT1H       | P7D P1D    |",
            "-PT1H      |            | P7D P1D",     // expired: still reported once
    })
    void eachThresholdIsRaisedOnceWhenCrossed(Duration left, String reportedBefore, String expected) {
        ExpiryWarningState state = reportedBefore == null ? ExpiryWarningState.none()
                : ExpiryWarningState.of(NOT_AFTER, durations(reportedBefore).stream().collect(
                        java.util.stream.Collectors.toSet()));

        ExpiryWarningCheck check = warnings.check(CERT, state, NOT_AFTER.minus(left));

        List<Duration> raised = expected == null ? List.of() : durations(expected);
        assertThat(check.newlyCrossed()).containsExactlyElementsOf(raised);
        assertThat(check.stateChanged()).isEqualTo(!raised.isEmpty());
        assertThat(check.state().reported()).containsAll(raised).containsAll(state.reportedFor(NOT_AFTER));
        // asking again at the same instant raises nothing more
        assertThat(warnings.check(CERT, check.state(), NOT_AFTER.minus(left)).newlyCrossed()).isEmpty();
    }

    @Test
    void aWeekOfSimulatedTimeRaisesEachWarningExactlyOnce() {
        ExpiryWarningState state = ExpiryWarningState.none();
        StringBuilder raised = new StringBuilder();
        for (Instant now = NOT_AFTER.minus(Duration.ofDays(10)); now.isBefore(NOT_AFTER); now = now.plusSeconds(600)) {
            ExpiryWarningCheck check = warnings.check(CERT, state, now);
            check.newlyCrossed().forEach(t -> raised.append(t).append(' '));
            state = check.state();
        }
        assertThat(raised.toString().trim()).isEqualTo("PT168H PT24H");
    }

    @Test
    void aRenewedCertificateStartsAfresh() {
        ExpiryWarningState afterOld = warnings.check(CERT, ExpiryWarningState.none(), NOT_AFTER.minus(Duration.ofHours(2)))
                .state();
        CertificateValidity renewed = CertificateValidity.of(NOT_AFTER.minus(Duration.ofDays(1)),
                NOT_AFTER.plus(Duration.ofDays(5)));

        ExpiryWarningCheck fine = warnings.check(renewed, afterOld, NOT_AFTER);
        ExpiryWarningCheck laterWeek = warnings.check(renewed, fine.state(), NOT_AFTER.plus(Duration.ofHours(1)));

        assertThat(afterOld.reported()).containsExactlyInAnyOrder(WEEK, DAY);
        assertThat(fine.newlyCrossed()).containsExactly(WEEK);
        assertThat(fine.state().notAfter()).contains(renewed.notAfter());
        assertThat(fine.state().reported()).containsExactly(WEEK);
        assertThat(laterWeek.newlyCrossed()).isEmpty();
    }

    @Test
    void customThresholdsAreSortedLargestFirst() {
        ExpiryWarnings custom = ExpiryWarnings.of(List.of(Duration.ZERO, Duration.ofDays(14), Duration.ofHours(12)));

        assertThat(custom.thresholds()).containsExactly(Duration.ofDays(14), Duration.ofHours(12), Duration.ZERO);
        assertThat(custom.check(CERT, ExpiryWarningState.none(), NOT_AFTER).newlyCrossed())
                .containsExactly(Duration.ofDays(14), Duration.ofHours(12), Duration.ZERO);
    }

    @Test
    void badThresholdsAreRefused() {
        assertThatThrownBy(() -> ExpiryWarnings.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ExpiryWarnings.of(List.of(Duration.ofDays(-1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> ExpiryWarnings.of(List.of(DAY, DAY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThat(ExpiryWarningState.of(NOT_AFTER, Set.of(DAY)).reported()).containsExactly(DAY);
    }

    private static List<Duration> durations(String list) {
        return Arrays.stream(list.trim().split("\\s+")).map(Duration::parse).toList();
    }
}
