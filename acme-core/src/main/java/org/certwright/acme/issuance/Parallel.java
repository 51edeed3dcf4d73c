package org.certwright.acme.issuance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;

/**
 * Runs one blocking task per item, at most {@code limit} at once, and returns only when no task is
 * running any more, whatever happened: the flow works on the authorizations of an order
 * concurrently, and a task still running after the flow cleaned up could, for example, provision
 * a challenge that nobody removes.
 *
 * <p>Items are not submitted one by one: up to {@code limit - 1} workers are handed to the
 * executor and the calling thread is a worker too; every worker takes the next unclaimed item
 * until none is left. So at most {@code limit} tasks run at once on any executor, however many
 * items there are, and the call finishes even on an executor that is saturated or never runs what
 * it is given (a worker that starts after the call finished finds nothing to do).
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
     * Runs {@code task} for every item and returns the results in item order. After the first
     * failure no further item is started; the running ones finish, then the first failure (in
     * item order) is thrown with the others suppressed. An {@link AcmeException} or an
     * {@link Error} is thrown as it is; a {@link RuntimeException} too (the flow turns what
     * third-party code throws into typed exceptions before it gets here).
     *
     * <p>If the calling thread is interrupted, no further item is started, the running tasks are
     * interrupted and waited for, and an {@link AcmeInterruptedException} is thrown with the
     * interrupt status set.
     *
     * @param limit the most tasks that run at once, at least 1
     */
    static <T, R> List<R> map(Executor executor, int limit, List<T> items, Task<T, R> task) throws AcmeException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        Run<T, R> run = new Run<>(items, task);
        int helpers = Math.min(limit, items.size()) - 1;
        try {
            for (int i = 0; i < helpers; i++) {
                executor.execute(run::work);
            }
        } catch (RejectedExecutionException e) {
            // Fewer helpers: the calling thread does more of the work itself.
        }
        run.workOnCaller();
        return run.results();
    }

    /** The state of one {@link #map} call. */
    private static final class Run<T, R> {
        private final List<T> items;
        private final Task<T, R> task;
        private final Object[] results;
        private final Throwable[] failures;
        private final Set<Thread> running = new HashSet<>();
        private final Set<Thread> interruptedByUs = new HashSet<>();
        private int next;
        private boolean stopped;
        private boolean interrupted;

        Run(List<T> items, Task<T, R> task) {
            this.items = List.copyOf(items);
            this.task = task;
            this.results = new Object[items.size()];
            this.failures = new Throwable[items.size()];
        }

        /** A helper worker on an executor thread. */
        void work() {
            for (int i = claim(); i >= 0; i = claim()) {
                runItem(i);
            }
        }

        /** The calling thread's share of the work, then the wait for the helpers' tasks. */
        void workOnCaller() {
            for (int i = claim(); i >= 0; i = claim()) {
                runItem(i);
                if (Thread.currentThread().isInterrupted() || failures[i] instanceof AcmeInterruptedException) {
                    stop();
                    break;
                }
            }
            awaitRunning();
        }

        private synchronized int claim() {
            if (stopped || next >= items.size()) {
                return -1;
            }
            running.add(Thread.currentThread());
            return next++;
        }

        private void runItem(int i) {
            Object result = null;
            Throwable failure = null;
            try {
                result = task.run(items.get(i));
            } catch (Throwable t) { // anything: the failure is handed to the caller, not lost on a pool thread
                failure = t;
            }
            finished(i, result, failure);
        }

        private synchronized void finished(int i, Object result, Throwable failure) {
            results[i] = result;
            failures[i] = failure;
            if (failure != null) {
                stopped = true; // start nothing more; what runs finishes
            }
            Thread self = Thread.currentThread();
            running.remove(self);
            if (interruptedByUs.remove(self)) {
                Thread.interrupted(); // the interrupt was meant for the task, not for the pool's next one
            }
            notifyAll();
        }

        /** Starts nothing more and interrupts the running tasks (other than the caller's). */
        private synchronized void stop() {
            stopped = true;
            interrupted = true;
            Thread self = Thread.currentThread();
            for (Thread t : running) {
                if (t != self && interruptedByUs.add(t)) {
                    t.interrupt();
                }
            }
        }

        /** Waits until no task runs, whatever interrupts arrive; an interrupt stops the run. */
        private synchronized void awaitRunning() {
            boolean restore = false;
            while (!running.isEmpty()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    restore = true;
                    stop();
                }
            }
            stopped = true; // a helper that starts late finds nothing to do
            if (restore) {
                Thread.currentThread().interrupt();
            }
        }

        @SuppressWarnings("unchecked")
        synchronized List<R> results() throws AcmeException {
            if (interrupted) {
                Thread.currentThread().interrupt(); // a task may have cleared it when it gave up
            }
            Throwable first = Arrays.stream(failures).filter(f -> f != null).findFirst().orElse(null);
            if (interrupted && !(first instanceof AcmeInterruptedException)) {
                AcmeInterruptedException e = new AcmeInterruptedException(null, null,
                        new InterruptedException("interrupted while tasks ran"));
                suppressAll(e, null);
                throw e;
            }
            if (first != null) {
                suppressAll(first, first);
                if (first instanceof AcmeException ae) {
                    throw ae;
                }
                if (first instanceof RuntimeException re) {
                    throw re;
                }
                if (first instanceof Error err) {
                    throw err;
                }
                throw new AcmeException("task failed: " + first, first);
            }
            List<R> out = new ArrayList<>(results.length);
            for (Object r : results) {
                out.add((R) r);
            }
            return out;
        }

        private void suppressAll(Throwable into, Throwable except) {
            for (Throwable f : failures) {
                if (f != null && f != except && f != into) {
                    into.addSuppressed(f);
                }
            }
        }
    }
}
