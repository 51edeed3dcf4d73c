package org.certwright.acme.issuance;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces an issuance's deadline by interrupting the thread that runs it: the flow already stops
 * on an interrupt everywhere (the session's requests and polls, {@link Parallel#map}, which passes
 * it on to its tasks) and cleans up on the way out, so the deadline needs no second mechanism.
 * One shared daemon thread times every issuance.
 */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Thread worker;
    private final long deadlineNanos;
    private ScheduledFuture<?> alarm;
    private boolean armed;
    private boolean fired;

    private Watchdog(Thread worker, long deadlineNanos) {
        this.worker = worker;
        this.deadlineNanos = deadlineNanos;
    }

    /** Starts timing {@code deadline} for the current thread; a watchdog that never fires if empty. */
    static Watchdog start(Optional<Duration> deadline) {
        if (deadline.isEmpty()) {
            return new Watchdog(Thread.currentThread(), Long.MAX_VALUE);
        }
        long nanos = saturatedNanos(deadline.get());
        Watchdog w = new Watchdog(Thread.currentThread(), System.nanoTime() + nanos);
        synchronized (w) {
            w.armed = true;
            w.alarm = TIMER.schedule(w::fire, nanos, TimeUnit.NANOSECONDS);
        }
        return w;
    }

    /** {@code timeout}, shortened to what is left before the deadline. */
    Duration cap(Duration timeout) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return timeout;
        }
        Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        return left.compareTo(timeout) < 0 ? left : timeout;
    }

    /** Whether the deadline has passed. */
    synchronized boolean fired() {
        return fired;
    }

    private synchronized void fire() {
        if (armed) {
            fired = true;
            worker.interrupt();
        }
    }

    /**
     * Stops timing. Returns whether the deadline passed meanwhile; if so, the interrupt it sent is
     * cleared, as it was meant for the issuance and not for the caller's thread.
     */
    boolean stop() {
        synchronized (this) {
            armed = false;
            if (alarm != null) {
                alarm.cancel(false);
            }
            if (!fired) {
                return false;
            }
        }
        Thread.interrupted();
        return true;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "certwright-issuance-deadline");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
