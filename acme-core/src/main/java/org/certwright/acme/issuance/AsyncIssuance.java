package org.certwright.acme.issuance;

import java.util.concurrent.CompletableFuture;
import org.certwright.acme.problem.AcmeException;

/**
 * The future of {@link CertificateIssuer#issueAsync}: unlike a plain {@link CompletableFuture},
 * {@code cancel(true)} interrupts the thread running the issuance, which then stops and cleans up
 * as it does for any interrupt.
 */
final class AsyncIssuance extends CompletableFuture<IssuedCertificate> {

    /** The issuance to run. */
    @FunctionalInterface
    interface Work {
        IssuedCertificate run() throws AcmeException;
    }

    private Thread runner;
    private boolean interruptedByCancel;

    /** Runs the issuance on the current thread, unless cancelled before it started. */
    void run(Work work) {
        synchronized (this) {
            if (isDone()) {
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            complete(work.run());
        } catch (VirtualMachineError e) {
            completeExceptionally(e);
            throw e;
        } catch (Throwable t) {
            completeExceptionally(t);
        } finally {
            synchronized (this) {
                runner = null;
                if (interruptedByCancel) {
                    Thread.interrupted(); // meant for the issuance, not for the executor's next task
                }
            }
        }
    }

    /** Cancels the future and, if {@code mayInterruptIfRunning}, interrupts the running issuance. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && mayInterruptIfRunning) {
            synchronized (this) {
                if (runner != null) {
                    interruptedByCancel = true;
                    runner.interrupt();
                }
            }
        }
        return cancelled;
    }
}
