package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.certwright.acme.CertificateId;
import org.certwright.acme.RenewalInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The renewal rules of issue 8 §2 on a simulated clock: every instant is an offset from the
 * certificate's {@code notBefore}, {@link #T0}.
 */
class RenewalPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final CertificateId CERT_ID = new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
    static final URI EXPLANATION = URI.create("https://ca.example/incident/42");

    final RenewalPolicy policy = RenewalPolicy.defaults();

    static CertificateValidity lifetime(Duration lifetime) {
        return CertificateValidity.of(T0, T0.plus(lifetime));
    }

    /** The one place that builds renewal information. */
    static RenewalInfo info(Instant start, Instant end, Optional<Instant> retryAfter, Optional<URI> explanation) {
        return RenewalInfo.builder(CERT_ID, start, end).explanationUrl(explanation).retryAfter(retryAfter).build();
    }

    static RenewalInfo info(Duration start, Duration end, Optional<Instant> retryAfter) {
        return info(T0.plus(start), T0.plus(end), retryAfter, Optional.empty());
    }

    @ParameterizedTest(name = "{0} certificate at +{1}: renew at +{2} ({3}), due {4}")
    @CsvSource({
            // 90-day Let's Encrypt certificate: one third of the lifetime left is day 60
            "P90D,  P1D,      P60D,          LIFETIME_RATIO, false",
            "P90D,  PT1439H,  P60D,          LIFETIME_RATIO, false",
            "P90D,  P60D,     P60D,          LIFETIME_RATIO, true",
            "P90D,  P70D,     P60D,          LIFETIME_RATIO, true",
            // 6-day certificate: half its lifetime left
            "P6D,   PT1H,     P3D,           LIFETIME_RATIO, false",
            "P6D,   P3D,      P3D,           LIFETIME_RATIO, true",
            // 160-hour certificate: half its lifetime left
            "PT160H, PT79H,   PT80H,         LIFETIME_RATIO, false",
            "PT160H, PT80H,   PT80H,         LIFETIME_RATIO, true",
            // the boundary: 10 days is short-lived, 11 days is not
            "P10D,  P1D,      P5D,           LIFETIME_RATIO, false",
            "P11D,  P1D,      PT176H,        LIFETIME_RATIO, false",
            // expired: renew at once, whatever else
            "P90D,  PT2161H,  PT2161H,       EXPIRED,        true",
    })
    void withoutAriRenewsAtTheLifetimeRatio(Duration lifetime, Duration now, Duration renewAt, RenewalReason reason,
                                            boolean due) {
        RenewalDecision d = policy.decide(lifetime(lifetime), Optional.empty(), Optional.empty(), T0.plus(now),
                new SplittableRandom(1));

        assertThat(d.renewAt()).isEqualTo(T0.plus(renewAt));
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.isDue()).isEqualTo(due);
        assertThat(d.ariState()).isEmpty();
        assertThat(d.ariStateChanged()).isFalse();
        assertThat(d.nextAriCheck()).isEqualTo(T0.plus(now).plusSeconds(3600));
    }

    @Test
    void aConfiguredFractionLowerThanTheFloorIsCappedByTheFloor() {
        RenewalPolicy late = RenewalPolicy.builder().remainingFraction(0.01).build();

        RenewalDecision d = late.decide(lifetime(Duration.ofDays(100)), Optional.empty(), Optional.empty(),
                T0, new SplittableRandom(1));

        assertThat(d.renewAt()).isEqualTo(T0.plus(Duration.ofDays(95)));
        assertThat(d.reason()).isEqualTo(RenewalReason.SAFETY_FLOOR);
    }

    static Stream<Arguments> freshWindows() {
        return Stream.of(
                // window in the future, before the lifetime ratio: ARI wins even when earlier
                Arguments.of("future window", Duration.ofDays(50), Duration.ofDays(52), Duration.ofDays(1),
                        RenewalReason.ARI_WINDOW, false),
                // window after the lifetime ratio but before the floor: ARI still wins
                Arguments.of("late window", Duration.ofDays(70), Duration.ofDays(80), Duration.ofDays(1),
                        RenewalReason.ARI_WINDOW, false),
                // we are inside the window, after the chosen instant or not: due iff chosen <= now
                Arguments.of("current window", Duration.ofDays(50), Duration.ofDays(52), Duration.ofDays(51),
                        null, null),
                // window ended before now: the CA plans to revoke, renew now
                Arguments.of("past window", Duration.ofDays(10), Duration.ofDays(11), Duration.ofDays(12),
                        RenewalReason.ARI_WINDOW_PASSED, true),
                // window entirely after the safety floor (day 85.5): the floor wins
                Arguments.of("window after floor", Duration.ofDays(87), Duration.ofDays(88), Duration.ofDays(1),
                        RenewalReason.SAFETY_FLOOR, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("freshWindows")
    void freshAriWindowIsChosenFromOnceAndPersisted(String name, Duration start, Duration end, Duration now,
                                                    RenewalReason reason, Boolean due) {
        Instant at = T0.plus(now);
        RenewalInfo info = info(start, end, Optional.empty());
        Instant expectedChoice = info.selectRenewalTime(new SplittableRandom(7));

        RenewalDecision d = policy.decide(lifetime(Duration.ofDays(90)), Optional.empty(), Optional.of(info), at,
                new SplittableRandom(7));

        AriState state = d.ariState().orElseThrow();
        assertThat(d.ariStateChanged()).isTrue();
        assertThat(state.windowStart()).isEqualTo(T0.plus(start));
        assertThat(state.windowEnd()).isEqualTo(T0.plus(end));
        assertThat(state.chosen()).isEqualTo(expectedChoice).isBetween(T0.plus(start), T0.plus(end));
        RenewalReason expectedReason = reason != null ? reason : RenewalReason.ARI_WINDOW;
        assertThat(d.reason()).isEqualTo(expectedReason);
        switch (expectedReason) {
            case ARI_WINDOW -> assertThat(d.renewAt()).isEqualTo(state.chosen());
            case ARI_WINDOW_PASSED -> assertThat(d.renewAt()).isEqualTo(at);
            case SAFETY_FLOOR -> assertThat(d.renewAt()).isEqualTo(T0.plus(Duration.ofHours(90 * 24 * 19 / 20)));
            default -> throw new AssertionError(expectedReason);
        }
        assertThat(d.isDue()).isEqualTo(due != null ? due : !state.chosen().isAfter(at));
    }

    @Test
    void choicesAreUniformOverTheWholeWindow() {
        RenewalInfo info = info(Duration.ofDays(50), Duration.ofDays(60), Optional.empty());
        Random random = new Random(42);
        long[] days = new long[10];
        for (int i = 0; i < 10_000; i++) {
            Instant chosen = policy.decide(lifetime(Duration.ofDays(90)), Optional.empty(), Optional.of(info), T0,
                    random).ariState().orElseThrow().chosen();
            assertThat(chosen).isBetween(info.windowStart(), info.windowEnd());
            days[(int) (Duration.between(info.windowStart(), chosen).toHours() / 24)]++;
        }
        // 1,000 expected per day of the window; 800 is far outside the binomial spread (sd ~30)
        assertThat(java.util.Arrays.stream(days).min().orElseThrow()).isGreaterThan(800);
    }

    @Test
    void unchangedWindowKeepsTheStoredChoice() {
        RenewalInfo first = info(Duration.ofDays(50), Duration.ofDays(60), Optional.empty());
        AriState stored = policy.decide(lifetime(Duration.ofDays(90)), Optional.empty(), Optional.of(first), T0,
                new SplittableRandom(1)).ariState().orElseThrow();
        Instant later = T0.plus(Duration.ofDays(2));
        RenewalInfo again = info(first.windowStart(), first.windowEnd(), Optional.of(later.plusSeconds(7200)),
                Optional.of(EXPLANATION));

        // a different random source would choose differently: only the stored state can keep it
        RenewalDecision d = policy.decide(lifetime(Duration.ofDays(90)), Optional.of(stored), Optional.of(again),
                later, new SplittableRandom(99));

        AriState state = d.ariState().orElseThrow();
        assertThat(state.chosen()).isEqualTo(stored.chosen());
        assertThat(state.nextCheck()).isEqualTo(later.plusSeconds(7200));
        assertThat(state.explanationUrl()).contains(EXPLANATION);
        assertThat(d.ariStateChanged()).isTrue();
        assertThat(d.renewAt()).isEqualTo(stored.chosen());
    }

    @Test
    void movedWindowIsChosenFromAgain() {
        AriState stored = AriState.of(T0.plus(Duration.ofDays(50)), T0.plus(Duration.ofDays(60)),
                T0.plus(Duration.ofDays(55)), T0.plus(Duration.ofDays(1)), Optional.empty());
        RenewalInfo moved = info(Duration.ofDays(20), Duration.ofDays(21), Optional.empty());
        Instant expected = moved.selectRenewalTime(new SplittableRandom(3));

        RenewalDecision d = policy.decide(lifetime(Duration.ofDays(90)), Optional.of(stored), Optional.of(moved),
                T0.plus(Duration.ofDays(1)), new SplittableRandom(3));

        AriState state = d.ariState().orElseThrow();
        assertThat(state.windowStart()).isEqualTo(moved.windowStart());
        assertThat(state.windowEnd()).isEqualTo(moved.windowEnd());
        assertThat(state.chosen()).isEqualTo(expected).isBetween(moved.windowStart(), moved.windowEnd());
        assertThat(d.renewAt()).isEqualTo(expected);
        assertThat(d.reason()).isEqualTo(RenewalReason.ARI_WINDOW);
    }

    @Test
    void storedWindowThatHasPassedMeansRenewNowEvenWithoutFreshInformation() {
        AriState stored = AriState.of(T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(4)),
                T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(6)), Optional.of(EXPLANATION));
        Instant now = T0.plus(Duration.ofDays(5));

        RenewalDecision d = policy.decide(lifetime(Duration.ofDays(90)), Optional.of(stored), Optional.empty(), now,
                new SplittableRandom(1));

        assertThat(d.reason()).isEqualTo(RenewalReason.ARI_WINDOW_PASSED);
        assertThat(d.renewAt()).isEqualTo(now);
        assertThat(d.isDue()).isTrue();
        assertThat(d.ariState()).contains(stored);
        assertThat(d.ariStateChanged()).isFalse();
        assertThat(d.nextAriCheck()).isEqualTo(stored.nextCheck());
    }

    @Test
    void storedStateWhoseCheckHasComeIsRecheckedAfterTheMinimumNotInALoop() {
        AriState stored = AriState.of(T0.plus(Duration.ofDays(50)), T0.plus(Duration.ofDays(60)),
                T0.plus(Duration.ofDays(55)), T0.plus(Duration.ofDays(1)), Optional.empty());
        Instant now = T0.plus(Duration.ofDays(2));
        assertThat(policy.isAriCheckDue(Optional.of(stored), now)).isTrue();

        // the fetch failed: no fresh information
        RenewalDecision d = policy.decide(lifetime(Duration.ofDays(90)), Optional.of(stored), Optional.empty(), now,
                new SplittableRandom(1));

        assertThat(d.nextAriCheck()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(d.ariState().orElseThrow().nextCheck()).isEqualTo(d.nextAriCheck());
        assertThat(d.ariState().orElseThrow().chosen()).isEqualTo(stored.chosen());
        assertThat(d.ariStateChanged()).isTrue();
        assertThat(policy.isAriCheckDue(d.ariState(), now)).isFalse();
        assertThat(policy.isAriCheckDue(Optional.empty(), now)).isTrue();
    }

    @ParameterizedTest(name = "Retry-After {0} -> next check after {1}")
    @CsvSource({
            "'',     PT6H",   // missing: the default
            "PT0S,   PT1H",   // 0: at least an hour
            "PT30M,  PT1H",
            "PT1H,   PT1H",
            "PT7H,   PT7H",   // reasonable: obeyed
            "P1D,    P1D",
            "P10D,   P1D",    // absurd: at most a day
    })
    void retryAfterIsClampedToBetweenAnHourAndADay(String retryAfter, Duration expected) {
        Instant now = T0.plus(Duration.ofDays(2));
        Optional<Instant> header = retryAfter == null || retryAfter.isBlank() ? Optional.empty()
                : Optional.of(now.plus(Duration.parse(retryAfter)));
        RenewalInfo info = info(Duration.ofDays(50), Duration.ofDays(60), header);

        RenewalDecision d = policy.decide(lifetime(Duration.ofDays(90)), Optional.empty(), Optional.of(info), now,
                new SplittableRandom(1));

        assertThat(d.nextAriCheck()).isEqualTo(now.plus(expected));
        assertThat(d.ariState().orElseThrow().nextCheck()).isEqualTo(now.plus(expected));
        assertThat(policy.nextAriCheck(header, now)).isEqualTo(now.plus(expected));
    }

    @Test
    void retryAfterInThePastIsClampedToo() {
        Instant now = T0.plus(Duration.ofDays(2));

        assertThat(policy.nextAriCheck(Optional.of(now.minus(Duration.ofDays(3))), now))
                .isEqualTo(now.plus(Duration.ofHours(1)));
    }

    @Test
    void theSameInputsGiveTheSameDecisionOnEveryInstance() {
        AriState stored = AriState.of(T0.plus(Duration.ofDays(50)), T0.plus(Duration.ofDays(60)),
                T0.plus(Duration.ofDays(57)), T0.plus(Duration.ofDays(3)), Optional.empty());
        Instant now = T0.plus(Duration.ofDays(2));

        RenewalDecision a = policy.decide(lifetime(Duration.ofDays(90)), Optional.of(stored), Optional.empty(), now,
                new SplittableRandom(1));
        RenewalDecision b = policy.decide(lifetime(Duration.ofDays(90)), Optional.of(stored), Optional.empty(), now,
                new SplittableRandom(2));

        assertThat(a).isEqualTo(b);
        assertThat(a.renewAt()).isEqualTo(stored.chosen());
        assertThat(a.ariStateChanged()).isFalse();
    }

    @Test
    void badConfigurationIsRefusedByName() {
        assertThatThrownBy(() -> RenewalPolicy.builder().remainingFraction(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remainingFraction");
        assertThatThrownBy(() -> RenewalPolicy.builder().safetyFloorFraction(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("safetyFloorFraction");
        assertThatThrownBy(() -> RenewalPolicy.builder().shortLived(Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLifetime");
        assertThatThrownBy(() -> RenewalPolicy.builder().ariRecheck(Duration.ofHours(2), Duration.ofHours(1),
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whenMissing");
        assertThatThrownBy(() -> CertificateValidity.of(T0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notAfter");
        assertThatThrownBy(() -> AriState.of(T0, T0.plusSeconds(10), T0.plusSeconds(11), T0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside its window");
    }
}
