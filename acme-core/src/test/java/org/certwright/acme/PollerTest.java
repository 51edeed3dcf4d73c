package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.PollTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollerTest {

    private static final URI URL = URI.create("https://ca.example/authz/1");

    /** A snapshot with a status and an optional Retry-After. */
    private record Snap(Status status, Optional<Instant> retryAfter) {
    }

    /** A clock that only moves when the fake sleeper sleeps. */
    private static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    private final FakeTime time = new FakeTime();
    private final PollPolicy policy = new PollPolicy(Duration.ofMillis(40), 2.0, Duration.ofMillis(300), Duration.ofSeconds(2));
    private final Poller poller = new Poller(policy, time, time::sleep);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private Snap run(Snap first, Snap... next) throws Exception {
        Deque<Snap> queue = new ArrayDeque<>(List.of(next));
        return poller.poll(first, URL, queue::removeFirst, Snap::status, Snap::retryAfter,
                s -> s != Status.PENDING && s != Status.PROCESSING);
    }

    private static Snap snap(Status s) {
        return new Snap(s, Optional.empty());
    }

    @Test
    void returnsASettledSnapshotWithoutPolling() throws Exception {
        assertThat(run(snap(Status.VALID)).status()).isEqualTo(Status.VALID);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void growsTheIntervalUpToTheMaximum() throws Exception {
        run(snap(Status.PENDING), snap(Status.PENDING), snap(Status.PROCESSING), snap(Status.PENDING),
                snap(Status.PENDING), snap(Status.VALID));
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(160),
                Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void honoursRetryAfter() throws Exception {
        Snap waiting = new Snap(Status.PENDING, Optional.of(time.now.plusSeconds(1)));
        run(waiting, snap(Status.VALID));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterInThePastStillWaitsTheMinimum() throws Exception {
        Snap waiting = new Snap(Status.PENDING, Optional.of(time.now.minusSeconds(5)));
        run(waiting, snap(Status.INVALID));
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(40));
    }

    @Test
    void retryAfterBeyondTheDeadlineIsCutShortThenTimesOut() {
        Snap waiting = new Snap(Status.PROCESSING, Optional.of(time.now.plusSeconds(60)));
        assertThatThrownBy(() -> run(waiting, waiting, waiting))
                .isInstanceOf(PollTimeoutException.class)
                .hasMessageContaining("still processing")
                .satisfies(e -> assertThat(((PollTimeoutException) e).lastStatus()).isEqualTo("processing"));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aTimeoutNamesTheResourceButNoMethodSinceNoRequestFailed() {
        // RFC 8555 polls with POST-as-GET, the draft dialect with GET: neither request failed.
        Snap waiting = new Snap(Status.PROCESSING, Optional.empty());
        Snap[] forever = java.util.Collections.nCopies(100, waiting).toArray(new Snap[0]);
        assertThatThrownBy(() -> run(waiting, forever))
                .isInstanceOfSatisfying(PollTimeoutException.class, e -> {
                    assertThat(e.method()).isEmpty();
                    assertThat(e.url()).contains(URL);
                    assertThat(e.getMessage()).doesNotContain("POST").endsWith("(" + URL + ")");
                });
    }

    @Test
    void interruptIsPropagated() {
        Poller interrupted = new Poller(policy, time, d -> {
            throw new InterruptedException();
        });
        assertThatThrownBy(() -> interrupted.poll(snap(Status.PENDING), URL, () -> snap(Status.VALID), Snap::status,
                Snap::retryAfter, s -> s == Status.VALID))
                .isInstanceOfSatisfying(AcmeInterruptedException.class, e -> {
                    // Interrupted between polls, not during a request of either dialect.
                    assertThat(e.method()).isEmpty();
                    assertThat(e.url()).contains(URL);
                });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
