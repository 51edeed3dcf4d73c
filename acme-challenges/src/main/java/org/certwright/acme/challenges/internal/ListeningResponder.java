package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.problem.AcmeException;

/**
 * What every responder with its own server ({@code EmbeddedHttpResponder},
 * {@code TlsAlpnResponder}, {@code SimpleHttpsResponder}) does besides deciding what to serve:
 * listens on one address through a {@link SharedListeners} registry (the server starts with the
 * first provision on the address and stops after the last one is cleaned up), reports a port that
 * cannot be bound as a {@link ProvisioningException} naming it, and tracks its provisions so that
 * closing the responder removes them and refuses more. The servers themselves are
 * {@link ChallengeServer}s, which slow peers cannot starve.
 *
 * @param <L> the kind of server
 */
public final class ListeningResponder<L extends SharedListeners.Listener> {

    /**
     * Changes what a leased server answers.
     *
     * @param <L> the kind of server
     */
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
     * Finds where a leased server signals that the CA asked for a challenge.
     *
     * @param <L> the kind of server
     */
    @FunctionalInterface
    public interface Signals<L> {
        /**
         * The server's signals.
         *
         * @param listener the running server
         * @return its signals
         */
        ValidationSignals of(L listener);
    }

    private final InetSocketAddress address;
    private final SharedListeners<L> listeners;
    private final SharedListeners.Opener<L> opener;
    private final OpenProvisions provisions;

    /**
     * The listening part of one responder.
     *
     * @param owner     the responder's description, for messages
     * @param address   where to listen: resolved, with a port from 1 to 65535
     * @param listeners the registry whose server on {@code address} this responder shares
     * @param opener    starts that server when none runs
     * @throws IllegalArgumentException if the address is unusable
     */
    public ListeningResponder(String owner, InetSocketAddress address, SharedListeners<L> listeners,
                              SharedListeners.Opener<L> opener) {
        this.address = ListenAddresses.check(Objects.requireNonNull(address, "address"));
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.provisions = new OpenProvisions(Objects.requireNonNull(owner, "owner"));
    }

    /**
     * Where the server listens while challenges are in flight.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Whether a server listens on the address now.
     *
     * @return {@code true} while some responder sharing the registry has a challenge in flight there
     */
    public boolean isListening() {
        return listeners.isOpen(address);
    }

    /**
     * Provisions on the server: takes a lease (starting the server if none runs), applies
     * {@code add}, and returns a provision that applies {@code remove} and gives the lease back.
     *
     * @param what   what is served, for error messages ("tls-alpn-01 for SNI ...")
     * @param add    adds the challenge's answer to the server; may throw to refuse it
     * @param remove removes it again
     * @return the provision
     * @throws ProvisioningException if the responder is closed, the address cannot be bound,
     *                               {@code add} refused, or the thread was interrupted while
     *                               waiting for the address (its interrupt status is then set);
     *                               nothing is left provisioned then
     */
    public Provision provision(String what, Change<L> add, Change<L> remove) throws ProvisioningException {
        provisions.checkOpen();
        SharedListeners.Lease<L> lease;
        try {
            lease = listeners.acquire(address, opener);
        } catch (IOException e) {
            throw new ProvisioningException("cannot listen for " + what + " on " + address + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while starting to listen for " + what + " on " + address, e);
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
     * Provisions on the server like {@link #provision(String, Change, Change)}, and returns a
     * provision whose {@link Provision#validationSeen()} completes when the server answered the
     * CA's first request for {@code key}. The watch starts before {@code add}, so that no request
     * is missed, and ends when the provision is removed.
     *
     * @param what    what is served, for error messages
     * @param key     what the server sees of the challenge (its path, its TLS server name)
     * @param signals where the server notes what it answered
     * @param add     adds the challenge's answer to the server; may throw to refuse it
     * @param remove  removes it again
     * @return the provision
     * @throws ProvisioningException as {@link #provision(String, Change, Change)} does
     */
    public Provision provision(String what, String key, Signals<L> signals, Change<L> add, Change<L> remove)
            throws ProvisioningException {
        AtomicReference<ValidationSignals.Watch> watch = new AtomicReference<>();
        Provision provision = provision(what, listener -> {
            ValidationSignals.Watch w = signals.of(listener).watch(key);
            watch.set(w);
            try {
                add.apply(listener);
            } catch (RuntimeException e) {
                signals.of(listener).forget(w);
                throw e;
            }
        }, listener -> {
            try {
                remove.apply(listener);
            } finally {
                signals.of(listener).forget(watch.get());
            }
        });
        CompletionStage<Void> seen = watch.get().stage();
        return new Provision() {
            @Override
            public Optional<CompletionStage<Void>> validationSeen() {
                return Optional.of(seen);
            }

            @Override
            public void close() throws AcmeException {
                provision.close();
            }
        };
    }

    /** Removes the challenges still in flight and refuses new ones; the server stops if now idle. */
    public void close() {
        provisions.closeAll();
    }
}
