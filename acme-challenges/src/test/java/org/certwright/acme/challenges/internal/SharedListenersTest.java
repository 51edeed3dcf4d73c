package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedListenersTest {

    private static final InetSocketAddress X = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1001);
    private static final InetSocketAddress Y = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1002);

    private final SharedListeners<FakeListener> listeners = new SharedListeners<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch letStop = new CountDownLatch(1);

    @AfterEach
    void shutDown() throws InterruptedException {
        letStop.countDown();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A server whose stop() takes as long as the test wants. */
    private final class FakeListener implements SharedListeners.Listener {
        final CountDownLatch stopping = new CountDownLatch(1);
        volatile boolean stopped;

        @Override
        public void stop() {
            stopping.countDown();
            try {
                letStop.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped = true;
        }
    }

    @Test
    void aSlowStopBlocksNeitherOtherAddressesNorQueries() throws Exception {
        SharedListeners.Lease<FakeListener> onX = listeners.acquire(X, a -> new FakeListener());
        Future<?> closing = pool.submit(onX::close);
        assertThat(onX.listener().stopping.await(10, TimeUnit.SECONDS)).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(listeners.isOpen(X)).isFalse();
            try (SharedListeners.Lease<FakeListener> onY = listeners.acquire(Y, a -> new FakeListener())) {
                assertThat(listeners.isOpen(Y)).isTrue();
                letStop.countDown(); // Y's own stop, at the end of this block, must not wait
            }
        });
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSameAddressIsOpenedAgainOnlyOnceTheOldServerHasStopped() throws Exception {
        SharedListeners.Lease<FakeListener> first = listeners.acquire(X, a -> new FakeListener());
        FakeListener old = first.listener();
        Future<?> closing = pool.submit(first::close);
        assertThat(old.stopping.await(10, TimeUnit.SECONDS)).isTrue();

        Future<SharedListeners.Lease<FakeListener>> second = pool.submit(() -> listeners.acquire(X, a -> {
            assertThat(old.stopped).as("the old server released the port").isTrue();
            return new FakeListener();
        }));
        Thread.sleep(200);
        assertThat(second.isDone()).as("waits for the stop").isFalse();
        letStop.countDown();
        try (SharedListeners.Lease<FakeListener> lease = second.get(10, TimeUnit.SECONDS)) {
            assertThat(lease.listener()).isNotSameAs(old);
        }
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLeaseWaitingForAStopCanBeInterrupted() throws Exception {
        SharedListeners.Lease<FakeListener> first = listeners.acquire(X, a -> new FakeListener());
        Future<?> closing = pool.submit(first::close);
        assertThat(first.listener().stopping.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                listeners.acquire(X, a -> new FakeListener()).close();
                outcome.set("acquired");
            } catch (InterruptedException e) {
                outcome.set(Thread.currentThread().isInterrupted() ? "flag still set" : e);
            } catch (IOException e) {
                outcome.set(e);
            }
        });
        waiter.start();
        Thread.sleep(200);
        assertThat(waiter.isAlive()).as("waits for the stop").isTrue();
        waiter.interrupt();
        waiter.join(10_000);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        letStop.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(listeners.isOpen(X)).as("the interrupted lease holds nothing").isFalse();
    }

    @Test
    void concurrentLeasesShareOneServerAndTheLastOneStopsIt() throws Exception {
        letStop.countDown();
        AtomicInteger opened = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SharedListeners.Lease<FakeListener>>> leases = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            leases.add(pool.submit(() -> {
                go.await();
                return listeners.acquire(X, a -> {
                    opened.incrementAndGet();
                    return new FakeListener();
                });
            }));
        }
        go.countDown();
        List<SharedListeners.Lease<FakeListener>> held = new ArrayList<>();
        for (Future<SharedListeners.Lease<FakeListener>> f : leases) {
            held.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(opened).hasValue(1);
        FakeListener server = held.get(0).listener();
        assertThat(held).allSatisfy(lease -> assertThat(lease.listener()).isSameAs(server));
        for (SharedListeners.Lease<FakeListener> lease : held.subList(1, held.size())) {
            lease.close();
            lease.close(); // a second close gives back nothing more
        }
        assertThat(server.stopped).isFalse();
        assertThat(listeners.isOpen(X)).isTrue();
        held.get(0).close();
        assertThat(server.stopped).isTrue();
        assertThat(listeners.isOpen(X)).isFalse();
    }

    @Test
    void aFailedOpenIsReportedAndTheNextLeaseOpensAgain() throws Exception {
        letStop.countDown();
        assertThatThrownBy(() -> listeners.acquire(X, a -> {
            throw new IOException("Address already in use");
        })).isInstanceOf(IOException.class).hasMessageContaining("in use");
        assertThat(listeners.isOpen(X)).isFalse();
        try (SharedListeners.Lease<FakeListener> lease = listeners.acquire(X, a -> new FakeListener())) {
            assertThat(listeners.isOpen(X)).isTrue();
        }
        assertThat(listeners.isOpen(X)).isFalse();
    }
}
