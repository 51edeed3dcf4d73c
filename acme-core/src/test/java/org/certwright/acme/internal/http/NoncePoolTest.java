package org.certwright.acme.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NoncePoolTest {

    @Test
    void handsOutTheNewestNonceFirst() {
        NoncePool pool = new NoncePool(10);
        pool.offer("old");
        pool.offer("new");
        assertThat(pool.poll()).contains("new");
        assertThat(pool.poll()).contains("old");
        assertThat(pool.poll()).isEmpty();
    }

    @Test
    void ignoresInvalidNonces() {
        NoncePool pool = new NoncePool(10);
        pool.offer("has space");
        pool.offer("pad=");
        pool.offer("");
        pool.offer(null);
        assertThat(pool.size()).isZero();
    }

    @Test
    void dropsTheOldestBeyondCapacity() {
        NoncePool pool = new NoncePool(2);
        pool.offer("a");
        pool.offer("b");
        pool.offer("c");
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.poll()).contains("c");
        assertThat(pool.poll()).contains("b");
        assertThat(pool.poll()).isEmpty();
    }

    @Test
    void claimTakesAParticularNonceOnce() {
        NoncePool pool = new NoncePool(10);
        pool.offer("x");
        assertThat(pool.claim("x")).isTrue();
        assertThat(pool.claim("x")).isFalse();
        assertThat(pool.size()).isZero();
    }

    @Test
    void concurrentUseNeverHandsOutANonceTwice() throws Exception {
        NoncePool pool = new NoncePool(100_000);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            pool.offer("n" + i);
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService exec = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        Set<String> duplicates = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < 8; t++) {
            exec.execute(() -> {
                for (var nonce = pool.poll(); nonce.isPresent(); nonce = pool.poll()) {
                    if (!seen.add(nonce.get())) {
                        duplicates.add(nonce.get());
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        exec.shutdown();
        assertThat(duplicates).isEmpty();
        assertThat(new HashSet<>(seen)).hasSize(n);
        assertThat(pool.size()).isZero();
    }

    @Test
    void aRequestWaitsForTheNonceThatAnotherRequestInProgressWillBring() throws Exception {
        NoncePool pool = new NoncePool(8);
        pool.expect(); // another request holds a nonce and is being answered
        pool.expect(); // this one
        java.util.concurrent.CompletableFuture<java.util.Optional<String>> taken =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return pool.poll(java.time.Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(100);
        assertThat(taken).as("waiting for the answer in progress").isNotDone();

        pool.offer("answered");
        pool.arrived();

        assertThat(taken.get(10, TimeUnit.SECONDS)).contains("answered");
    }

    @Test
    void withNothingElseInProgressOrEveryAnswerSpokenForItDoesNotWait() throws Exception {
        NoncePool pool = new NoncePool(8);
        pool.expect(); // only this request
        assertThat(pool.poll(java.time.Duration.ofSeconds(30))).as("nothing will come: fetch one").isEmpty();
        pool.arrived(); // its answer came

        pool.expect(); // one other request in progress
        pool.expect(); // a waiter, which counts on that one's answer
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<java.util.Optional<String>> waiter =
                    first.submit(() -> pool.poll(java.time.Duration.ofSeconds(30)));
            Thread.sleep(100);
            pool.expect(); // a third caller: the one answer is spoken for
            long start = System.nanoTime();
            assertThat(pool.poll(java.time.Duration.ofSeconds(30))).isEmpty();
            assertThat(System.nanoTime() - start).as("no wait").isLessThan(TimeUnit.SECONDS.toNanos(20));
            pool.offer("n1");
            pool.arrived();
            assertThat(waiter.get(10, TimeUnit.SECONDS)).contains("n1");
        } finally {
            first.shutdownNow();
        }
    }
}
