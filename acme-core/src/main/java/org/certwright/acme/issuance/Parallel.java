package org.certwright.acme.issuance;

import java.util.ArrayList;
import java.util.List;
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
     */
    static <T, R> List<R> map(Executor executor, List<T> items, Task<T, R> task) throws AcmeException {
        if (items.size() == 1) {
            return List.of(task.run(items.get(0))); // no hand-off for the common one-name case
        }
        List<CompletableFuture<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return task.run(item);
                } catch (AcmeException e) {
                    throw new CompletionException(e);
                }
            }, executor));
        }
        List<R> results = new ArrayList<>();
        AcmeException first = null;
        for (CompletableFuture<R> f : futures) {
            try {
                results.add(await(f));
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

    private static <R> R await(CompletableFuture<R> f) throws AcmeException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new AcmeInterruptedException(null, null, e);
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
