package org.certwright.acme.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's threads: one timer thread that only decides when, and a fixed pool of workers
 * that run maintenance passes. Each certificate has at most one pass queued or running: the runs
 * asked for meanwhile are coalesced into one more pass. So the threads and the queue are bounded
 * by the pool size and the number of certificates, whatever happens.
 */
final class MaintenanceScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private final Clock clock;
    private final Duration retryDelay;
    private final Consumer<ManagedEntry> pass;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;
    // Joined by shutdown(): an executor reports itself terminated while its last thread is still exiting.
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * Creates the threads' executors (threads start on first use).
     *
     * @param workerThreads the pool size
     * @param retryDelay    when to run again a pass that threw
     * @param pass          one maintenance pass
     */
    MaintenanceScheduler(int workerThreads, Clock clock, Duration retryDelay, Consumer<ManagedEntry> pass) {
        this.clock = clock;
        this.retryDelay = retryDelay;
        this.pass = pass;
        this.timer = new ScheduledThreadPoolExecutor(1, threads("certwright-manager-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("certwright-manager-"));
    }

    /** Asks for a maintenance pass; passes asked for while one is queued or running are coalesced. */
    void trigger(ManagedEntry e) {
        if (e.removed.get()) {
            return;
        }
        if (e.requests.getAndIncrement() == 0) {
            try {
                workers.execute(() -> runLoop(e));
            } catch (RejectedExecutionException ex) {
                e.requests.set(0); // shut down
            }
        }
    }

    /**
     * Runs {@code task} for every entry on the worker threads and waits until all are done: for
     * reading the store at start-up, where parsing thousands of keys is worth every core the pool
     * has. Runs on the calling thread if the pool is shut down.
     */
    void forEachAndWait(Collection<ManagedEntry> entries, Consumer<ManagedEntry> task) {
        List<ManagedEntry> all = List.copyOf(entries);
        int parts = Math.max(1, Math.min(workers.getCorePoolSize(), all.size()));
        List<CompletableFuture<Void>> done = new java.util.ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<ManagedEntry> part = all.subList(all.size() * p / parts, all.size() * (p + 1) / parts);
            try {
                done.add(CompletableFuture.runAsync(() -> part.forEach(task), workers));
            } catch (RejectedExecutionException shutDown) {
                part.forEach(task);
            }
        }
        boolean interrupted = false;
        for (CompletableFuture<Void> f : done) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the loads are bounded by the store's own timeouts
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("reading the store failed unexpectedly", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Triggers a pass at {@code at}, replacing the one planned before. */
    void scheduleAt(ManagedEntry e, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        synchronized (e) {
            if (e.timerTask != null) {
                e.timerTask.cancel(false);
            }
            try {
                e.timerTask = e.removed.get() ? null : timer.schedule(() -> trigger(e), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ex) {
                e.timerTask = null; // shut down
            }
        }
    }

    /** Forgets the entry's planned pass: it is no longer managed. */
    void cancel(ManagedEntry e) {
        synchronized (e) {
            if (e.timerTask != null) {
                e.timerTask.cancel(false);
                e.timerTask = null;
            }
        }
    }

    /**
     * Runs {@code task} on the timer thread every {@code period} until the returned future is
     * cancelled; for small, quick work only (a lease renewal).
     *
     * @return the task, or empty if the scheduler is shut down
     */
    Optional<ScheduledFuture<?>> every(Duration period, Runnable task) {
        long millis = Math.max(1, period.toMillis());
        try {
            return Optional.of(timer.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException shutDown) {
            return Optional.empty();
        }
    }

    private void runLoop(ManagedEntry e) {
        int n;
        do {
            n = e.requests.get();
            List<CompletableFuture<Void>> waiting = e.takePassWaiters();
            try {
                if (!e.removed.get()) {
                    pass.accept(e);
                }
            } catch (RuntimeException | Error ex) {
                LOG.error("Maintenance of certificate {} failed unexpectedly; retrying in {}", e.name(), retryDelay, ex);
                scheduleAt(e, clock.instant().plus(retryDelay));
            } finally {
                waiting.forEach(f -> f.complete(null));
            }
            if (Thread.currentThread().isInterrupted()) {
                e.requests.set(0);
                return;
            }
        } while (e.requests.addAndGet(-n) != 0);
    }

    /**
     * Stops: no new pass starts, the timer ends at once, passes busy with the store or an ARI
     * request finish (issuances are interrupted by the caller through {@link ManagedEntry#issuing}),
     * and this waits for every thread at most {@code timeout}, interrupting the workers then.
     * An interrupt while waiting stops the wait and is kept.
     */
    void shutdown(Duration timeout, Collection<ManagedEntry> entries) {
        timer.shutdownNow();
        workers.shutdown();
        for (ManagedEntry e : entries) {
            Thread issuing = e.issuing;
            if (issuing != null) {
                issuing.interrupt();
            }
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!workers.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("Certificate manager threads still busy {} after close; interrupting them", timeout);
                workers.shutdownNow();
            }
            if (!timer.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("The certificate manager's timer thread did not end within {}", timeout);
            }
            for (Thread thread : threads) {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            }
        } catch (InterruptedException ex) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
    }
}
