package org.certwright.acme;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.certwright.acme.internal.text.SafeText;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.PollTimeoutException;
import org.certwright.acme.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a resource until it settles, following the {@link PollPolicy}: {@code Retry-After} when
 * the CA sends it, a short growing interval otherwise, a deadline, and prompt reaction to
 * interrupts.
 */
final class Poller {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** Fetches the next snapshot of a resource. */
    @FunctionalInterface
    interface Fetch<T> {
        T fetch() throws AcmeException;
    }

    /** Waits; a seam so that tests can check the waits without spending them. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * How long after the CA's validation request was answered the first look happens: the CA
     * records its verdict right after reading the answer, which takes it a few milliseconds.
     */
    static final Duration SETTLE = Duration.ofMillis(10);
    /**
     * The longest wait for a validation signal that does not come (the CA could not connect, or
     * another server answered it) before looking anyway.
     */
    static final Duration SIGNAL_FALLBACK = Duration.ofSeconds(2);

    private final PollPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AcmeEventListener events;

    Poller(PollPolicy policy, Clock clock, AcmeEventListener events) {
        this(policy, clock, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000), events);
    }

    Poller(PollPolicy policy, Clock clock, Sleeper sleeper) {
        this(policy, clock, sleeper, AcmeEventListener.NONE);
    }

    Poller(PollPolicy policy, Clock clock, Sleeper sleeper, AcmeEventListener events) {
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.events = events;
    }

    /**
     * Polls until {@code settled} holds, starting from {@code current}, which is returned at once
     * if it is already settled.
     */
    <T> T poll(T current, URI url, Fetch<T> fetch, Function<T, Status> status,
               Function<T, Optional<Instant>> retryAfter, Predicate<Status> settled) throws AcmeException {
        return poll(current, url, fetch, status, t -> status.apply(t).wireValue(), retryAfter,
                t -> settled.test(status.apply(t)), t -> Optional.empty());
    }

    /**
     * Polls until {@code settled} holds for a snapshot, starting from {@code current}, which is
     * returned at once if it is already settled. A timeout names the last error the CA reported,
     * as {@code lastError} finds it in the last snapshot.
     */
    <T> T poll(T current, URI url, Fetch<T> fetch, Function<T, Status> status, Function<T, String> statusText,
               Function<T, Optional<Instant>> retryAfter, Predicate<T> settled,
               Function<T, Optional<Problem>> lastError) throws AcmeException {
        Instant deadline = clock.instant().plus(policy.timeout());
        T snapshot = current;
        for (int attempt = 0; !settled.test(snapshot); attempt++) {
            Duration wait = policy.interval(attempt);
            Optional<Instant> after = retryAfter.apply(snapshot);
            if (after.isPresent()) {
                Duration asked = Duration.between(clock.instant(), after.get());
                wait = asked.compareTo(policy.initialInterval()) > 0 ? asked : policy.initialInterval();
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new PollTimeoutException(url, statusText.apply(snapshot), policy.timeout(),
                        lastError.apply(snapshot));
            }
            Duration left = Duration.between(now, deadline);
            sleep(wait.compareTo(left) < 0 ? wait : left, url);
            snapshot = fetch.fetch();
            events.polled(url, status.apply(snapshot), attempt + 1);
            LOG.debug("poll {} #{}: {}", url, attempt + 1, SafeText.of(statusText.apply(snapshot)));
        }
        return snapshot;
    }

    /**
     * Fetches a resource once, when the CA has probably decided: {@link #SETTLE} after
     * {@code seen} completes, or after {@link #SIGNAL_FALLBACK} if it does not (or completes
     * exceptionally); without a signal, after the policy's first interval, as the first poll
     * would. Neither wait exceeds the policy's timeout.
     */
    <T> T look(Optional<? extends CompletionStage<?>> seen, URI url, Fetch<T> fetch, Function<T, Status> status)
            throws AcmeException {
        if (seen.isPresent()) {
            Duration fallback = SIGNAL_FALLBACK.compareTo(policy.timeout()) < 0 ? SIGNAL_FALLBACK : policy.timeout();
            if (awaitSignal(seen.get(), fallback, url)) {
                sleep(SETTLE, url);
            } else {
                LOG.debug("{}: no validation signal within {}; looking anyway", url, fallback);
            }
        } else {
            sleep(policy.interval(0), url);
        }
        T snapshot = fetch.fetch();
        events.polled(url, status.apply(snapshot), 1);
        return snapshot;
    }

    /** Whether the signal came in time; a failed signal counts as none. */
    private static boolean awaitSignal(CompletionStage<?> seen, Duration timeout, URI url)
            throws AcmeInterruptedException {
        try {
            seen.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, url, e);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            return false;
        }
    }

    private void sleep(Duration d, URI url) throws AcmeInterruptedException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Between polls, not inside a request of either dialect: no method is named.
            throw new AcmeInterruptedException(null, url, e);
        }
    }
}
