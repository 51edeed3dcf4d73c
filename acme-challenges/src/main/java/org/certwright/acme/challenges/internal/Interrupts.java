package org.certwright.acme.challenges.internal;

import org.certwright.acme.problem.AcmeInterruptedException;

/** Turns an interrupt into the library's exception, keeping the thread's interrupt status set. */
public final class Interrupts {

    private Interrupts() {
    }

    /**
     * The exception to throw after an interrupt; sets the interrupt status again, so that it is not lost.
     *
     * @param what  what was interrupted, e.g. {@code waiting for _acme-challenge.example.com}
     * @param cause the {@link InterruptedException}, or the I/O exception that reported the interrupt
     * @return the exception
     */
    public static AcmeInterruptedException interrupted(String what, Throwable cause) {
        Thread.currentThread().interrupt();
        InterruptedException interrupted;
        if (cause instanceof InterruptedException e) {
            interrupted = e;
        } else {
            interrupted = new InterruptedException("interrupted " + what);
            interrupted.initCause(cause);
        }
        return new AcmeInterruptedException(null, null, interrupted);
    }
}
