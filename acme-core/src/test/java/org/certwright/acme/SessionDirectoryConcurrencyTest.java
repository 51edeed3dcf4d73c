package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.junit.jupiter.api.Test;

// Threads that wait for another thread's directory fetch always get a result or an error of their own.
class SessionDirectoryConcurrencyTest extends MockCaTest {

    private static final Duration HANG_LIMIT = Duration.ofSeconds(20);

    /** What a thread's {@code session.directory()} ended with: a directory or a throwable. */
    private static final class Call {
        final Thread thread;
        volatile Object outcome;

        Call(Session session, String name) {
            thread = new Thread(() -> {
                try {
                    outcome = session.directory();
                } catch (Throwable t) {
                    outcome = t;
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime() - end).as(t.getName() + " waits").isNegative();
            Thread.sleep(5);
        }
    }

    private List<Call> waiters(Session session) throws InterruptedException {
        List<Call> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(new Call(session, "waiter-" + i));
        }
        for (Call w : waiters) {
            awaitWaiting(w.thread);
        }
        return waiters;
    }

    @Test
    void waitersGetAnErrorWhenTheFetchFailsWithAnUncheckedException() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        ScriptedHttpClient client = new ScriptedHttpClient(request -> {
            fetching.countDown();
            try {
                fail.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the client broke");
        });
        Session shared = ca.sessionBuilder(TestKeys.ACCOUNT).httpClient(client).build();

        assertTimeoutPreemptively(HANG_LIMIT, () -> {
            Call owner = new Call(shared, "owner");
            assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
            List<Call> waiters = waiters(shared);
            fail.countDown();
            owner.thread.join();
            for (Call w : waiters) {
                w.thread.join();
            }
            assertThat(owner.outcome).isInstanceOf(IllegalStateException.class);
            for (Call w : waiters) {
                assertThat(w.outcome).isInstanceOf(AcmeException.class);
                assertThat(((Throwable) w.outcome)).hasMessageContaining("the client broke");
            }
        });
    }

    @Test
    void anInterruptedFetchDoesNotInterruptTheWaitersWhoFetchThemselves() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        ScriptedHttpClient client = new ScriptedHttpClient(request -> {
            fetching.countDown();
            return new CompletableFuture<>(); // never answers
        });
        Session shared = ca.sessionBuilder(TestKeys.ACCOUNT).httpClient(client).build();
        ca.enqueueDirectory().enqueueDirectory().enqueueDirectory();

        assertTimeoutPreemptively(HANG_LIMIT, () -> {
            Call owner = new Call(shared, "owner");
            assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
            List<Call> waiters = waiters(shared);
            owner.thread.interrupt();
            owner.thread.join();
            for (Call w : waiters) {
                w.thread.join();
            }
            assertThat(owner.outcome).isInstanceOf(AcmeInterruptedException.class);
            for (Call w : waiters) {
                assertThat(w.outcome).isInstanceOf(Directory.class);
                assertThat(w.thread.isInterrupted()).isFalse();
            }
        });
        assertThat(client.calls()).isBetween(2, 4);
    }
}
