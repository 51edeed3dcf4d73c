package org.certwright.acme.challenges;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.HttpListener;
import org.certwright.acme.challenges.internal.ListenAddresses;
import org.certwright.acme.challenges.internal.ListeningResponder;
import org.certwright.acme.challenges.internal.SharedListeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An http-01 responder with its own small HTTP server, for a machine where nothing else listens
 * on port 80.
 *
 * <pre>{@code
 * try (EmbeddedHttpResponder http01 = new EmbeddedHttpResponder(80)) {
 *     issuer.issue(IssuanceRequest.builder().dns("example.com").responders(http01).build());
 * }
 * }</pre>
 *
 * <p>The server answers {@code GET}/{@code HEAD} of {@code /.well-known/acme-challenge/<name>} for
 * exactly the challenges in flight and 404 for everything else. It starts when the first challenge
 * is provisioned and stops when the last one is cleaned up, so that the port is held only while a
 * CA may validate; {@link #close()} removes whatever is still in flight. All responders on the same
 * address, in this JVM, share one server, so that concurrent orders (and responders created anew
 * by {@link java.util.ServiceLoader} for every issuance) never compete for the port.
 *
 * <p>Peers that connect and stall cannot keep the CA from being answered: every connection is
 * closed at the latest 5 seconds after it was accepted (the request must have arrived by then),
 * none is kept alive after its answer, and up to 256 are served at once, each on its own thread;
 * beyond that new connections are closed at once rather than queued behind stalled ones.
 *
 * <p>Discovered with {@link java.util.ServiceLoader}, it listens where the system properties
 * {@value #ADDRESS_PROPERTY} (default: every local address) and {@value #PORT_PROPERTY} (default
 * {@value #DEFAULT_PORT}) say. Binding a port below 1024 needs privileges on most systems.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedHttpResponder implements ChallengeResponder, AutoCloseable {

    /** The system property naming the port of a responder made with {@link #EmbeddedHttpResponder()}. */
    public static final String PORT_PROPERTY = "certwright.http01.port";
    /** The system property naming the address of a responder made with {@link #EmbeddedHttpResponder()}. */
    public static final String ADDRESS_PROPERTY = "certwright.http01.address";
    /** The port CAs validate http-01 on. */
    public static final int DEFAULT_PORT = 80;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHttpResponder.class);
    private static final SharedListeners<HttpListener> LISTENERS = new SharedListeners<>();

    private final ListeningResponder<HttpListener> server;

    /**
     * A responder listening where {@value #ADDRESS_PROPERTY} and {@value #PORT_PROPERTY} say:
     * by default on port 80 of every local address. This is the constructor
     * {@link java.util.ServiceLoader} uses.
     *
     * @throws IllegalArgumentException if a property holds an unusable value
     */
    public EmbeddedHttpResponder() {
        this(ListenAddresses.fromSystemProperties(ADDRESS_PROPERTY, PORT_PROPERTY, DEFAULT_PORT));
    }

    /**
     * A responder listening on a port of every local address.
     *
     * @param port 1 to 65535, normally 80
     */
    public EmbeddedHttpResponder(int port) {
        this(ListenAddresses.wildcard(port));
    }

    /**
     * A responder listening on a port of one local address.
     *
     * @param address the local address, for example {@code 127.0.0.1} behind a proxy
     * @param port    1 to 65535
     */
    public EmbeddedHttpResponder(InetAddress address, int port) {
        this(ListenAddresses.of(address, port));
    }

    /**
     * A responder listening on an address.
     *
     * @param address a resolved address with a port from 1 to 65535
     */
    public EmbeddedHttpResponder(InetSocketAddress address) {
        this.server = new ListeningResponder<>("EmbeddedHttpResponder[" + address + "]", address, LISTENERS,
                HttpListener::open);
    }

    /**
     * Where the server listens while challenges are in flight.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Whether a server listens on this responder's address now, because some responder on the
     * same address has a challenge in flight.
     *
     * @return {@code true} while listening
     */
    public boolean isListening() {
        return server.isListening();
    }

    @Override
    public Set<String> challengeTypes() {
        return HttpResponders.TYPES;
    }

    @Override
    public boolean supports(ChallengeContext context) {
        return HttpResponders.supports(context);
    }

    /**
     * Serves the challenge's file, starting the server if it is not running. The provision's
     * {@link Provision#validationSeen()} completes when the file was first sent in answer to a
     * {@code GET}: the CA has looked.
     *
     * @throws ProvisioningException if the address cannot be bound, another file is in flight under
     *                               the same name, or this responder is closed
     */
    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        HttpResource resource = HttpResponders.resource(context);
        Provision provision = server.provision("http-01 " + resource.path(), resource.path(), HttpListener::signals,
                listener -> listener.store().put(resource), listener -> listener.store().remove(resource));
        LOG.debug("{}: serving {} on {}", context.identifier(), resource.path(), server.address());
        return provision;
    }

    /** Removes the challenges still in flight and refuses new ones; the server stops if now idle. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "EmbeddedHttpResponder[" + server.address() + "]";
    }
}
