package org.certwright.acme.issuance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;

/**
 * Runs one blocking task per item on an executor and waits for all of them: the flow works on the
 * authorizations of an order concurrently, and must not leave a task running when it returns.
 */
final class Parallel {

    /** A task that may fail with an {@link AcmeException}. */
    @FunctionalInterface
    interface Task<T, R> {
        R run(T item) throws AcmeException;
    }

    private Parallel() {
    }

    /**
     * Runs {@code task} for every item and returns the results in item order. Waits for every
     * task to finish, then rethrows the first failure (in item order), with the others suppressed.
     * If the calling thread is interrupted while it waits, the tasks are interrupted too and
     * waited for, and an {@link AcmeInterruptedException} is thrown: no task outlives the call.
     */
    static <T, R> List<R> map(Executor executor, List<T> items, Task<T, R> task) throws AcmeException {
        if (items.size() == 1) {
            return List.of(task.run(items.get(0))); // no hand-off for the common one-name case
        }
        Running running = new Running(items.size());
        List<CompletableFuture<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                if (!running.start()) {
                    throw new CompletionException(new AcmeInterruptedException(null, null,
                            new InterruptedException("not started: the caller was interrupted")));
                }
                try {
                    return task.run(item);
                } catch (AcmeException e) {
                    throw new CompletionException(e);
                } finally {
                    running.finish();
                }
            }, executor));
        }
        List<R> results = new ArrayList<>();
        AcmeException first = null;
        for (CompletableFuture<R> f : futures) {
            try {
                results.add(await(f));
            } catch (InterruptedException e) {
                running.stop();
                Thread.currentThread().interrupt();
                AcmeInterruptedException interrupted = new AcmeInterruptedException(null, null, e);
                if (first != null) {
                    interrupted.addSuppressed(first);
                }
                throw interrupted;
            } catch (AcmeException e) {
                if (first == null) {
                    first = e;
                } else if (first != e) {
                    first.addSuppressed(e);
                }
                results.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /** The tasks of one {@link #map} call: which threads run them, and how many have not finished. */
    private static final class Running {
        private final Set<Thread> threads = new HashSet<>();
        private int unfinished;
        private boolean stopped;

        Running(int tasks) {
            this.unfinished = tasks;
        }

        /** Called by a task before it runs; false if the call was interrupted meanwhile (the task is skipped). */
        synchronized boolean start() {
            if (stopped) {
                finished();
                return false;
            }
            threads.add(Thread.currentThread());
            return true;
        }

        /** Called by a task that ran, when it ends. */
        synchronized void finish() {
            threads.remove(Thread.currentThread());
            finished();
            if (stopped) {
                Thread.interrupted(); // the interrupt was meant for the task, not for the pool's next one
            }
        }

        private void finished() {
            unfinished--;
            notifyAll();
        }

        /**
         * Interrupts the running tasks and waits until every task has finished or been skipped,
         * whatever further interrupts arrive: a task still running after the call returned could,
         * for example, provision a challenge after the flow cleaned up.
         */
        synchronized void stop() {
            stopped = true;
            threads.forEach(Thread::interrupt);
            while (unfinished > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // keep waiting; the caller restores its interrupt status afterwards
                }
            }
        }
    }

    private static <R> R await(CompletableFuture<R> f) throws AcmeException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AcmeException ae) {
                throw ae;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AcmeException("task failed: " + cause, cause);
        }
    }
}
