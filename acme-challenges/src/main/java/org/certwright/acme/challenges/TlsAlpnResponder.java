package org.certwright.acme.challenges;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.ListenAddresses;
import org.certwright.acme.challenges.internal.ListeningResponder;
import org.certwright.acme.challenges.internal.SharedListeners;
import org.certwright.acme.challenges.internal.TlsAlpnListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tls-alpn-01 responder (RFC 8737, and RFC 8738 for IP addresses) with its own TLS server, for a
 * machine where nothing else listens on port 443.
 *
 * <pre>{@code
 * try (TlsAlpnResponder tlsAlpn01 = new TlsAlpnResponder(443)) {
 *     issuer.issue(IssuanceRequest.builder().dns("example.com").responders(tlsAlpn01).build());
 * }
 * }</pre>
 *
 * <p>For each challenge it makes a validation certificate ({@link TlsAlpnCertificates}). The server
 * completes a handshake only with TLS 1.2 or 1.3, ALPN {@code acme-tls/1} and an SNI that names a
 * challenge in flight, presents that challenge's certificate, and closes the connection afterwards;
 * every other handshake fails. To answer from an application's own TLS server instead, use
 * {@link TlsAlpnKeyManager}.
 *
 * <p>The server starts when the first challenge is provisioned and stops when the last one is
 * cleaned up; {@link #close()} removes whatever is still in flight. All responders on the same
 * address, in this JVM, share one server. Peers that connect and never finish their handshake
 * cannot keep the CA from being answered: every connection is closed at the latest 5 seconds after
 * it was accepted, and up to 256 are served at once, each on its own thread.
 *
 * <p>Discovered with {@link java.util.ServiceLoader}, it listens where the system properties
 * {@value #ADDRESS_PROPERTY} (default: every local address) and {@value #PORT_PROPERTY} (default
 * {@value #DEFAULT_PORT}) say.
 *
 * <p>Thread-safe.
 */
public final class TlsAlpnResponder implements ChallengeResponder, AutoCloseable {

    /** The system property naming the port of a responder made with {@link #TlsAlpnResponder()}. */
    public static final String PORT_PROPERTY = "certwright.tlsalpn01.port";
    /** The system property naming the address of a responder made with {@link #TlsAlpnResponder()}. */
    public static final String ADDRESS_PROPERTY = "certwright.tlsalpn01.address";
    /** The port CAs validate tls-alpn-01 on. */
    public static final int DEFAULT_PORT = 443;

    private static final Logger LOG = LoggerFactory.getLogger(TlsAlpnResponder.class);
    private static final SharedListeners<TlsAlpnListener> LISTENERS = new SharedListeners<>();

    private final ListeningResponder<TlsAlpnListener> server;

    /**
     * A responder listening where {@value #ADDRESS_PROPERTY} and {@value #PORT_PROPERTY} say:
     * by default on port 443 of every local address. This is the constructor
     * {@link java.util.ServiceLoader} uses.
     *
     * @throws IllegalArgumentException if a property holds an unusable value
     */
    public TlsAlpnResponder() {
        this(ListenAddresses.fromSystemProperties(ADDRESS_PROPERTY, PORT_PROPERTY, DEFAULT_PORT));
    }

    /**
     * A responder listening on a port of every local address.
     *
     * @param port 1 to 65535, normally 443
     */
    public TlsAlpnResponder(int port) {
        this(ListenAddresses.wildcard(port));
    }

    /**
     * A responder listening on a port of one local address.
     *
     * @param address the local address
     * @param port    1 to 65535
     */
    public TlsAlpnResponder(InetAddress address, int port) {
        this(ListenAddresses.of(address, port));
    }

    /**
     * A responder listening on an address.
     *
     * @param address a resolved address with a port from 1 to 65535
     */
    public TlsAlpnResponder(InetSocketAddress address) {
        this.server = new ListeningResponder<>("TlsAlpnResponder[" + address + "]", address, LISTENERS,
                TlsAlpnListener::open);
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
        return TlsAlpnResponders.TYPES;
    }

    /** tls-alpn-01 challenges for DNS names and IP addresses; never wildcards, which it cannot validate. */
    @Override
    public boolean supports(ChallengeContext context) {
        return TlsAlpnResponders.supports(context);
    }

    /**
     * Presents the challenge's validation certificate, starting the server if it is not running.
     * The provision's {@link Provision#validationSeen()} completes when the first {@code acme-tls/1}
     * handshake for its name completed: the CA has looked.
     *
     * @throws ProvisioningException if the address cannot be bound or this responder is closed
     */
    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        TlsAlpnCertificate certificate = TlsAlpnCertificates.create(TlsAlpnResponders.validation(context));
        Provision provision = server.provision("tls-alpn-01 for SNI " + certificate.serverName(),
                certificate.serverName(), TlsAlpnListener::signals,
                listener -> listener.keyManager().add(certificate), listener -> listener.keyManager().remove(certificate));
        LOG.debug("{}: presenting a validation certificate for SNI {} on {}", context.identifier(),
                certificate.serverName(), server.address());
        return provision;
    }

    /** Removes the challenges still in flight and refuses new ones; the server stops if now idle. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "TlsAlpnResponder[" + server.address() + "]";
    }
}
