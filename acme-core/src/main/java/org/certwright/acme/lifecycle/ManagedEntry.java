package org.certwright.acme.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A managed certificate's state in memory, and the callers waiting on it. The fields are written
 * by the certificate's single maintenance run (the scheduler never runs two at once) and read by
 * anyone.
 */
final class ManagedEntry {
    final ManagedCertificate spec;
    /** Runs asked for and not yet done; the run loop coalesces them. */
    final AtomicInteger requests = new AtomicInteger();
    final AtomicBoolean forced = new AtomicBoolean();
    /** Set when the certificate is no longer managed: its runs end at once. */
    final AtomicBoolean removed = new AtomicBoolean();
    private final List<CompletableFuture<CurrentCertificate>> forcedWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> passWaiters = new ArrayList<>();
    volatile Optional<CurrentCertificate> current = Optional.empty();
    volatile CompletableFuture<Void> changed = new CompletableFuture<>();
    volatile ManagedCertificateMetadata metadata = ManagedCertificateMetadata.EMPTY;
    volatile byte[] metadataBytes;
    volatile byte[] chainBytes;
    volatile Optional<Instant> nextRun = Optional.empty();
    volatile Optional<RenewalReason> nextReason = Optional.empty();
    volatile Instant announcedAt;
    volatile Thread issuing;
    ScheduledFuture<?> timerTask; // guarded by this

    ManagedEntry(ManagedCertificate spec) {
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }

    String lockName() {
        return StoreLayout.certificateLock(spec.name());
    }

    /**
     * Serves {@code c} and wakes whoever waits for a change. Listeners hear of it first, so that a
     * caller of {@code awaitValid} finds its server (fed by a listener) serving it already.
     */
    void setCurrent(CurrentCertificate c, ListenerFanout listeners) {
        listeners.notify(l -> l.updated(name(), c));
        current = Optional.of(c);
        CompletableFuture<Void> old = changed;
        changed = new CompletableFuture<>();
        old.complete(null);
    }

    synchronized void addForcedWaiter(CompletableFuture<CurrentCertificate> f) {
        forcedWaiters.add(f);
    }

    synchronized void addPassWaiter(CompletableFuture<Void> f) {
        passWaiters.add(f);
    }

    /** The callers waiting for the pass that starts now; later ones wait for the next pass. */
    synchronized List<CompletableFuture<Void>> takePassWaiters() {
        List<CompletableFuture<Void>> taken = new ArrayList<>(passWaiters);
        passWaiters.clear();
        return taken;
    }

    void completeWaiters(CurrentCertificate c) {
        List<CompletableFuture<CurrentCertificate>> ws;
        synchronized (this) {
            ws = new ArrayList<>(forcedWaiters);
            forcedWaiters.clear();
        }
        ws.forEach(f -> f.complete(c));
    }

    /** Fails forced renewals; a cancellation (closing, removing) also ends waits for passes. */
    void failWaiters(Exception ex) {
        List<CompletableFuture<CurrentCertificate>> ws;
        List<CompletableFuture<Void>> passes = List.of();
        synchronized (this) {
            ws = new ArrayList<>(forcedWaiters);
            forcedWaiters.clear();
            if (ex instanceof CancellationException) {
                passes = takePassWaiters();
            }
        }
        forced.set(false);
        ws.forEach(f -> f.completeExceptionally(ex));
        passes.forEach(f -> f.completeExceptionally(ex));
    }

    /** Ends every wait on this entry: the manager closed or no longer manages it. */
    void cancelAll(String why) {
        failWaiters(new CancellationException(why));
        changed.cancel(false);
    }
}
