package org.certwright.acme.challenges.internal;

import java.io.IOException;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
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
 * <p>Binding and stopping happen under the registry's lock, so that a server is fully stopped
 * before the next one binds its port; both are local operations that take milliseconds.
 *
 * @param <L> the kind of server
 */
public final class SharedListeners<L extends SharedListeners.Listener> {

    /** A server that can be stopped. */
    public interface Listener {
        /** Stops the server at once and releases its port. */
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

    private static final class Holder<L> {
        final L listener;
        int leases;

        Holder(L listener) {
            this.listener = listener;
        }
    }

    private final Map<InetSocketAddress, Holder<L>> open = new HashMap<>();

    /**
     * Takes a lease on the server at an address, starting it if none runs.
     *
     * @param address where to listen
     * @param opener  starts the server when needed
     * @return the lease; close it exactly once when done
     * @throws IOException if the server had to be started and could not bind
     */
    public Lease<L> acquire(InetSocketAddress address, Opener<L> opener) throws IOException {
        synchronized (open) {
            Holder<L> holder = open.get(address);
            if (holder == null) {
                holder = new Holder<>(opener.open(address));
                open.put(address, holder);
            }
            holder.leases++;
            return new Lease<>(this, address, holder.listener);
        }
    }

    /** Changes what a leased server answers. */
    @FunctionalInterface
    public interface Change<L> {
        /**
         * Applies the change.
         *
         * @param listener the running server
         */
        void apply(L listener);
    }

    /**
     * Provisions on the shared server at an address: takes a lease (starting the server if none
     * runs), applies {@code add}, and returns a provision, tracked by {@code provisions}, that
     * applies {@code remove} and gives the lease back. What every listening responder does.
     *
     * @param provisions the responder's open provisions (refuses new ones once it is closed)
     * @param address    where to listen
     * @param opener     starts the server when needed
     * @param what       what is served, for error messages ("tls-alpn-01 on ...")
     * @param add        adds the challenge's answer to the server; may throw to refuse it
     * @param remove     removes it again
     * @return the provision
     * @throws ProvisioningException if the responder is closed, the address cannot be bound, or
     *                               {@code add} refused; the lease is given back then
     */
    public Provision provision(OpenProvisions provisions, InetSocketAddress address, Opener<L> opener, String what,
                               Change<L> add, Change<L> remove) throws ProvisioningException {
        provisions.checkOpen();
        Lease<L> lease;
        try {
            lease = acquire(address, opener);
        } catch (IOException e) {
            throw new ProvisioningException("cannot listen for " + what + " on " + address + ": " + e, e);
        }
        try {
            add.apply(lease.listener());
        } catch (RuntimeException e) {
            lease.close();
            throw new ProvisioningException("cannot serve " + what + ": " + e.getMessage(), e);
        }
        return provisions.track(() -> {
            try {
                remove.apply(lease.listener());
            } finally {
                lease.close();
            }
        });
    }

    /**
     * Whether a server runs at an address, for tests.
     *
     * @param address the address
     * @return {@code true} while at least one lease is held
     */
    public boolean isOpen(InetSocketAddress address) {
        synchronized (open) {
            return open.containsKey(address);
        }
    }

    private void release(InetSocketAddress address) {
        synchronized (open) {
            Holder<L> holder = open.get(address);
            if (holder != null && --holder.leases == 0) {
                open.remove(address);
                holder.listener.stop();
            }
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
        private final L listener;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(SharedListeners<L> owner, InetSocketAddress address, L listener) {
            this.owner = owner;
            this.address = address;
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
                owner.release(address);
            }
        }
    }
}
