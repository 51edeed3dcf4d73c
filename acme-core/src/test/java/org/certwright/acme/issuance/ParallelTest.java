package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Parallel#map}: nothing outlives the call, and never more than the limit runs at once. */
class ParallelTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long millis) throws AcmeInterruptedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, null, e);
        }
    }

    private static void await(CountDownLatch latch) throws AcmeInterruptedException {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, null, e);
        }
    }

    @Test
    void anUncheckedExceptionIsThrownOnlyAfterEverySiblingFinished() {
        CountDownLatch siblingStarted = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        List<Integer> items = List.of(0, 1);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> Parallel.map(pool, 2, items,
                i -> {
                    if (i == 0) {
                        await(siblingStarted);
                        throw new IllegalStateException("a bug in a task");
                    }
                    running.incrementAndGet();
                    siblingStarted.countDown();
                    try {
                        sleep(300); // still working when its sibling throws
                    } finally {
                        running.decrementAndGet();
                    }
                    return i;
                })).isInstanceOf(IllegalStateException.class));

        assertThat(running).as("sibling tasks still running when map() threw").hasValue(0);
    }

    @Test
    void anErrorIsThrownOnlyAfterEverySiblingFinished() {
        AtomicInteger running = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(3);

        assertThatThrownBy(() -> Parallel.map(pool, 4, List.of(0, 1, 2, 3), i -> {
            if (i == 0) {
                await(started); // the siblings are all running
                throw new AssertionError("an Error in a task");
            }
            running.incrementAndGet();
            started.countDown();
            try {
                sleep(200);
            } finally {
                running.decrementAndGet();
            }
            return i;
        })).isInstanceOf(AssertionError.class);

        assertThat(running).hasValue(0);
    }

    @Test
    void neverMoreThanTheLimitRunAtOnceHoweverManyItems() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 2000).boxed().toList();

        List<Integer> results = Parallel.map(pool, 8, items, i -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            now.decrementAndGet();
            return i * 2;
        });

        assertThat(results).hasSize(2000).startsWith(0, 2, 4).endsWith(3998);
        assertThat(peak.get()).isBetween(1, 8);
    }

    @Test
    void finishesOnAnExecutorThatNeverRunsAnything() throws Exception {
        List<Integer> results = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Parallel.map(r -> { /* dropped */ }, 8, List.of(1, 2, 3), i -> i + 1));

        assertThat(results).containsExactly(2, 3, 4);
    }

    @Test
    void finishesOnAnExecutorThatRunsOnTheCallingThread() throws Exception {
        assertThat(Parallel.map(Runnable::run, 8, List.of(1, 2, 3), i -> i + 1)).containsExactly(2, 3, 4);
    }

    @Test
    void finishesOnAnExecutorThatRejects() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();

        assertThat(Parallel.map(stopped, 8, List.of(1, 2, 3), i -> i + 1)).containsExactly(2, 3, 4);
    }
}
