package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Servers bound to an address, shared by every responder that asks for that address and open
 * only while someone holds a lease.
 *
 * <p>Why shared: {@link java.util.ServiceLoader} creates a new responder for every issuance, and
 * concurrent issuances (or two responders configured alike) would otherwise fail to bind the same
 * port. Why closed when idle: a responder nobody closes, such as a discovered one, must not hold
 * port 80 or 443 for the life of the JVM.
 *
 * <p>The registry's lock guards only its bookkeeping: a server is started and stopped outside
 * it, so that a slow start or stop on one address holds up neither other addresses nor
 * {@link #isOpen}. A lease on an address whose previous server is still stopping waits (up to
 * {@link #STOP_WAIT}) until that server has released the port, instead of failing to bind it;
 * concurrent leases on an address whose server is starting wait for that one start.
 *
 * @param <L> the kind of server
 */
public final class SharedListeners<L extends SharedListeners.Listener> {

    /** The longest a lease waits for the address's previous server to stop, or its server to start. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** A server that can be stopped. */
    public interface Listener {
        /** Stops the server at once and releases its port before returning; must not take long. */
        void stop();
    }

    /**
     * Starts a server.
     *
     * @param <L> the kind of server
     */
    @FunctionalInterface
    public interface Opener<L> {
        /**
         * Binds and starts a server.
         *
         * @param address where to listen
         * @return the running server
         * @throws IOException if the address cannot be bound
         */
        L open(InetSocketAddress address) throws IOException;
    }

    /** The server of an address: starting, then running until its last lease is given back. */
    private static final class Holder<L> {
        final CompletableFuture<L> started = new CompletableFuture<>();
        /** Guarded by the registry's lock. */
        int leases;
    }

    private final Object lock = new Object();
    /** Servers starting or running; guarded by {@link #lock}. */
    private final Map<InetSocketAddress, Holder<L>> open = new HashMap<>();
    /** Servers being stopped, completed once their port is released; guarded by {@link #lock}. */
    private final Map<InetSocketAddress, CompletableFuture<Void>> stopping = new HashMap<>();

    /**
     * Takes a lease on the server at an address, starting it if none runs.
     *
     * @param address where to listen
     * @param opener  starts the server when needed
     * @return the lease; close it when done
     * @throws IOException          if the server had to be started and could not bind, or the
     *                              previous server on the address did not stop in time
     * @throws InterruptedException if interrupted while waiting for a server to stop or start
     */
    public Lease<L> acquire(InetSocketAddress address, Opener<L> opener) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (true) {
            CompletableFuture<Void> previous;
            Holder<L> holder = null;
            boolean starter = false;
            synchronized (lock) {
                previous = stopping.get(address);
                if (previous == null) {
                    holder = open.get(address);
                    if (holder == null) {
                        holder = new Holder<>();
                        open.put(address, holder);
                        starter = true;
                    }
                    holder.leases++;
                }
            }
            if (previous != null) {
                await(previous, deadline, "the previous server on " + address + " to stop");
                continue;
            }
            if (starter) {
                start(address, opener, holder);
            }
            try {
                L listener = await(holder.started, deadline, "the server on " + address + " to start");
                return new Lease<>(this, address, holder, listener);
            } catch (IOException | InterruptedException | RuntimeException e) {
                release(address, holder);
                throw e;
            }
        }
    }

    private void start(InetSocketAddress address, Opener<L> opener, Holder<L> holder) {
        try {
            holder.started.complete(opener.open(address));
        } catch (Throwable e) {
            // Forgotten before anyone learns of the failure, so that the next lease tries again.
            synchronized (lock) {
                open.remove(address, holder);
            }
            holder.started.completeExceptionally(e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future, long deadline, String what)
            throws IOException, InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("gave up waiting for " + what + " after " + STOP_WAIT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("cannot start a server: " + cause, cause);
        }
    }

    /**
     * Whether a server runs (or is starting) at an address, for tests.
     *
     * @param address the address
     * @return {@code true} while at least one lease is held
     */
    public boolean isOpen(InetSocketAddress address) {
        synchronized (lock) {
            return open.containsKey(address);
        }
    }

    private void release(InetSocketAddress address, Holder<L> holder) {
        L idle;
        CompletableFuture<Void> stopped;
        synchronized (lock) {
            if (--holder.leases > 0) {
                return;
            }
            open.remove(address, holder);
            if (!holder.started.isDone() || holder.started.isCompletedExceptionally()) {
                return; // nothing runs: its start failed
            }
            idle = holder.started.join();
            stopped = new CompletableFuture<>();
            stopping.put(address, stopped);
        }
        try {
            idle.stop();
        } finally {
            synchronized (lock) {
                stopping.remove(address, stopped);
            }
            stopped.complete(null);
        }
    }

    /**
     * A share in a running server.
     *
     * @param <L> the kind of server
     */
    public static final class Lease<L extends Listener> implements AutoCloseable {
        private final SharedListeners<L> owner;
        private final InetSocketAddress address;
        private final Holder<L> holder;
        private final L listener;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(SharedListeners<L> owner, InetSocketAddress address, Holder<L> holder, L listener) {
            this.owner = owner;
            this.address = address;
            this.holder = holder;
            this.listener = listener;
        }

        /**
         * The server.
         *
         * @return the running server
         */
        public L listener() {
            return listener;
        }

        /** Gives the share back; the last one stops the server. Repeated calls do nothing. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                owner.release(address, holder);
            }
        }
    }
}
