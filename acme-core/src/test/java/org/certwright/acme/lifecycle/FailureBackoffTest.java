package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.RateLimitedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backoff rules of issue 8 §3 on a simulated clock. */
class FailureBackoffTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    final FailureBackoff backoff = FailureBackoff.defaults();

    @ParameterizedTest(name = "failure {0}: step {1}")
    @CsvSource({
            "1,  PT1M", "2,  PT2M", "3,  PT5M", "4,  PT10M", "5,  PT20M", "6,  PT30M",
            "7,  PT1H", "8,  PT2H", "9,  PT3H", "10, PT4H", "11, PT5H", "12, PT6H",
            "13, PT6H", "100, PT6H", "2147483647, PT6H",
    })
    void stepsGrowToTheSixHourCap(int failures, Duration step) {
        assertThat(backoff.step(failures)).isEqualTo(step);
    }

    @Test
    void consecutiveFailuresFollowTheStepsWithinTheJitter() {
        Random random = new Random(2026);
        BackoffState state = BackoffState.none();
        Instant now = T0;
        for (int n = 1; n <= 20; n++) {
            state = backoff.onFailure(state, now, Optional.empty(), random);

            Duration waited = Duration.between(now, state.notBefore().orElseThrow());
            Duration step = backoff.step(n);
            assertThat(state.consecutiveFailures()).isEqualTo(n);
            assertThat(waited).isBetween(scale(step, 0.9), min(scale(step, 1.1), Duration.ofHours(6)));
            assertThat(state.mayAttemptAt(now)).isFalse();
            assertThat(state.mayAttemptAt(state.notBefore().orElseThrow())).isTrue();
            now = state.notBefore().orElseThrow();
        }
    }

    @ParameterizedTest(name = "failure {0}")
    @CsvSource({"1", "3", "6", "7", "12", "40"})
    void jitterSpreadsWithinTenPercentAndNeverBeyondTheCap(int failures) {
        SplittableRandom random = new SplittableRandom(failures);
        BackoffState before = failures == 1 ? BackoffState.none() : BackoffState.of(failures - 1, T0);
        Duration step = backoff.step(failures);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            BackoffState after = backoff.onFailure(before, T0, Optional.empty(), random);
            waits.add(Duration.between(T0, after.notBefore().orElseThrow()));
        }
        Duration shortest = waits.stream().min(Duration::compareTo).orElseThrow();
        Duration longest = waits.stream().max(Duration::compareTo).orElseThrow();

        assertThat(shortest).isGreaterThanOrEqualTo(scale(step, 0.9));
        assertThat(longest).isLessThanOrEqualTo(min(scale(step, 1.1), backoff.cap()));
        // the jitter really spreads: instances that failed together do not retry together
        assertThat(longest.minus(shortest)).isGreaterThan(scale(step, 0.08));
    }

    @ParameterizedTest(name = "failure {0}, Retry-After +{1}: not before +{2}")
    @CsvSource({
            // Retry-After later than the step: obeyed exactly, no jitter
            "1,  PT10M,  PT10M",
            "7,  PT3H,   PT3H",
            // a rate limit's Retry-After beyond the cap is obeyed too
            "12, P2D,    P2D",
            // Retry-After earlier than the step: the step wins, so never earlier than the CA asked
            "6,  PT1M,   ",
            "1,  PT0S,   ",
            "1,  -PT1H,  ",
    })
    void retryAfterIsObeyedExactlyAndNeverEarlier(int failures, Duration retryAfter, Duration expected) {
        BackoffState before = failures == 1 ? BackoffState.none() : BackoffState.of(failures - 1, T0);
        Instant header = T0.plus(retryAfter);

        BackoffState after = backoff.onFailure(before, T0, Optional.of(header), new SplittableRandom(5));

        Instant notBefore = after.notBefore().orElseThrow();
        assertThat(after.consecutiveFailures()).isEqualTo(failures);
        assertThat(notBefore).isAfterOrEqualTo(header);
        if (expected != null) {
            assertThat(notBefore).isEqualTo(T0.plus(expected));
        } else {
            assertThat(Duration.between(T0, notBefore)).isGreaterThanOrEqualTo(scale(backoff.step(failures), 0.9));
        }
    }

    @Test
    void aRateLimitedProblemsRetryAfterIsObeyed() {
        Instant header = T0.plus(Duration.ofHours(20));
        ProblemContext context = new ProblemContext("POST", URI.create("https://ca.example/new-order"), 429,
                Optional.of(header), List.of(), Optional.empty(), Optional.empty());
        ProblemException limited = ProblemException.of(Problem.of(ProblemType.RATE_LIMITED, "too many"), context);
        assertThat(limited).isInstanceOf(RateLimitedException.class);

        BackoffState after = backoff.onFailure(BackoffState.none(), T0, limited, new SplittableRandom(1));

        assertThat(after.notBefore()).contains(header);
    }

    @Test
    void aFailureWithoutRetryAfterBacksOffByTheStep() {
        AcmeNetworkException down = new AcmeNetworkException("connection refused", "GET",
                URI.create("https://ca.example/dir"), new java.io.IOException("refused"));

        BackoffState after = backoff.onFailure(BackoffState.none(), T0, down, new SplittableRandom(1));

        assertThat(Duration.between(T0, after.notBefore().orElseThrow()))
                .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
    }

    @Test
    void successResetsAndTheNextFailureStartsAgainAtAMinute() {
        BackoffState deep = BackoffState.of(9, T0.plus(Duration.ofHours(3)));

        BackoffState reset = backoff.onSuccess();
        BackoffState next = backoff.onFailure(reset, T0, Optional.empty(), new SplittableRandom(1));

        assertThat(reset).isEqualTo(BackoffState.none());
        assertThat(reset.consecutiveFailures()).isZero();
        assertThat(reset.notBefore()).isEmpty();
        assertThat(reset.mayAttemptAt(T0)).isTrue();
        assertThat(deep.mayAttemptAt(T0)).isFalse();
        assertThat(next.consecutiveFailures()).isEqualTo(1);
        assertThat(Duration.between(T0, next.notBefore().orElseThrow())).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void aRestoredStateContinuesTheBackoffInsteadOfRestartingIt() {
        BackoffState persisted = backoff.onFailure(BackoffState.of(4, T0), T0, Optional.empty(),
                new SplittableRandom(1));
        BackoffState restored = BackoffState.of(persisted.consecutiveFailures(), persisted.notBefore().orElseThrow());

        BackoffState next = backoff.onFailure(restored, T0.plus(Duration.ofHours(1)), Optional.empty(),
                new SplittableRandom(1));

        assertThat(restored).isEqualTo(persisted);
        assertThat(next.consecutiveFailures()).isEqualTo(6);
        assertThat(Duration.between(T0.plus(Duration.ofHours(1)), next.notBefore().orElseThrow()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(27));
    }

    @Test
    void aCustomScheduleIsFollowedExactlyWithoutJitter() {
        FailureBackoff custom = FailureBackoff.of(List.of(Duration.ofSeconds(10), Duration.ofMinutes(5)),
                Duration.ofMinutes(3), 0);
        BackoffState one = custom.onFailure(BackoffState.none(), T0, Optional.empty(), new SplittableRandom(1));
        BackoffState two = custom.onFailure(one, T0, Optional.empty(), new SplittableRandom(1));
        BackoffState three = custom.onFailure(two, T0, Optional.empty(), new SplittableRandom(1));

        assertThat(one.notBefore()).contains(T0.plusSeconds(10));
        assertThat(two.notBefore()).contains(T0.plus(Duration.ofMinutes(3)));
        assertThat(three.notBefore()).contains(T0.plus(Duration.ofMinutes(3)));
    }

    @Test
    void badInputIsRefusedByName() {
        assertThatThrownBy(() -> FailureBackoff.of(List.of(), Duration.ofHours(1), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
        assertThatThrownBy(() -> FailureBackoff.of(List.of(Duration.ZERO), Duration.ofHours(1), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
        assertThatThrownBy(() -> FailureBackoff.of(List.of(Duration.ofMinutes(1)), Duration.ofHours(1), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> FailureBackoff.of(List.of(Duration.ofMinutes(1)), Duration.ZERO, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap");
        assertThatThrownBy(() -> BackoffState.of(0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consecutiveFailures");
        assertThatThrownBy(() -> backoff.step(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consecutiveFailures");
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
