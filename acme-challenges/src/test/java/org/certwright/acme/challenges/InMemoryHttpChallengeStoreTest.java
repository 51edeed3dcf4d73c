package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certwright.acme.challenge.HttpResource;
import org.junit.jupiter.api.Test;

class InMemoryHttpChallengeStoreTest {

    private final InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
    private final HttpResource file = new HttpResource("tok_en-1", "tok_en-1.thumb", "text/plain");

    @Test
    void servesWhatWasPutUntilRemoved() {
        assertThat(store.lookup("tok_en-1")).isEmpty();
        store.put(file);
        assertThat(store.lookup("tok_en-1")).contains(file);
        assertThat(store.names()).containsExactly("tok_en-1");
        store.remove(file);
        assertThat(store.lookup("tok_en-1")).isEmpty();
        assertThat(store.names()).isEmpty();
    }

    @Test
    void aFilePutTwiceStaysUntilRemovedTwice() {
        store.put(file);
        store.put(file);
        store.remove(file);
        assertThat(store.lookup(file.name())).contains(file);
        store.remove(file);
        assertThat(store.lookup(file.name())).isEmpty();
        store.remove(file); // one remove too many does nothing
        assertThat(store.names()).isEmpty();
    }

    @Test
    void refusesADifferentFileUnderANameInFlight() {
        store.put(file);
        HttpResource other = new HttpResource(file.name(), "something else", "text/plain");
        assertThatThrownBy(() -> store.put(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.path());
        store.remove(other); // not the file in flight: left alone
        assertThat(store.lookup(file.name())).contains(file);
    }

    @Test
    void looksUpExactChallengePathsOnly() {
        store.put(file);
        assertThat(store.lookupPath("/.well-known/acme-challenge/tok_en-1")).contains(file);
        assertThat(store.lookupPath("/.well-known/acme-challenge/tok_en-1/")).isEmpty();
        assertThat(store.lookupPath("/.well-known/acme-challenge/")).isEmpty();
        assertThat(store.lookupPath("/.well-known/acme-challenge/../acme-challenge/tok_en-1")).isEmpty();
        assertThat(store.lookupPath("/.well-known/acme-challenge/%74ok_en-1")).isEmpty();
        assertThat(store.lookupPath("//.well-known/acme-challenge/tok_en-1")).isEmpty();
        assertThat(store.lookupPath("/tok_en-1")).isEmpty();
        assertThat(store.lookupPath(null)).isEmpty();
        assertThat(store.lookup(null)).isEmpty();
    }

    @Test
    void isSafeUnderConcurrentOrders() throws Exception {
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        HttpResource shared = new HttpResource("shared", "shared.x", "text/plain");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        HttpResource own = new HttpResource("t" + id + "_" + i, "v" + i, "text/plain");
                        store.put(own);
                        store.put(shared);
                        assertThat(store.lookup(own.name())).contains(own);
                        assertThat(store.lookup(shared.name())).contains(shared);
                        store.remove(shared);
                        store.remove(own);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.names()).isEmpty();
    }
}
