package org.certwright.acme.challenges;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.certwright.acme.Challenge;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.ListenAddresses;
import org.certwright.acme.challenges.internal.ListeningResponder;
import org.certwright.acme.challenges.internal.SharedListeners;
import org.certwright.acme.challenges.internal.SimpleHttpsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A responder for the {@code simpleHttps} challenge of the 2015 draft dialect
 * ({@link org.certwright.acme.Dialect#DRAFT_BARNES_ACME}), with its own HTTPS server.
 *
 * <pre>{@code
 * try (SimpleHttpsResponder simpleHttps = new SimpleHttpsResponder(accountKeyPair)) {   // port 443
 *     issuer.issue(IssuanceRequest.builder().dns("example.org").responders(simpleHttps).build());
 * }
 * }</pre>
 *
 * <p>The draft's CA fetches {@code https://<domain>/.well-known/acme-challenge/<path>} and checks
 * that the server presents "a valid self-signed certificate [that] contains the domain name being
 * validated as well as the public key of the key pair being authorized", that the content type is
 * absent or {@code text/plain}, and that the body is the token. This server serves exactly the
 * files in flight, as {@code text/plain}, and presents to a handshake whose SNI names a domain in
 * flight that domain's certificate from {@link SimpleHttpsCertificates}: self-signed by the account
 * key, for the account key, naming the domain. A handshake for another name fails.
 *
 * <p>Because the certificate's key is the account key, the server completes its TLS handshakes
 * with the account's private key, so the responder is given the account <em>key pair</em>: a key
 * in memory, or a handle into a security provider (an HSM) whose provider is installed, so that the
 * JDK's TLS can sign with it. It declines challenges for another account key.
 *
 * <p>The server starts when the first challenge is provisioned and stops when the last one is
 * cleaned up; {@link #close()} removes whatever is still in flight. Unlike the http-01 responders
 * it is not shared between responders or discovered with {@link java.util.ServiceLoader}, since
 * it needs the account key. Binding a port below 1024 needs privileges on most systems. Like the
 * other responders' servers, it closes every connection at the latest 5 seconds after accepting
 * it (handshake and request included) and serves up to 256 at once, so that stalled peers cannot
 * keep the CA from being answered.
 *
 * <p>Thread-safe.
 */
public final class SimpleHttpsResponder implements ChallengeResponder, AutoCloseable {

    /** The port the draft's CA validates simpleHttps on. */
    public static final int DEFAULT_PORT = 443;

    private static final Logger LOG = LoggerFactory.getLogger(SimpleHttpsResponder.class);

    private final KeyPair accountKey;
    private final ListeningResponder<SimpleHttpsListener> server;

    /**
     * A responder listening on port 443 of every local address.
     *
     * @param accountKey the session's account key pair
     */
    public SimpleHttpsResponder(KeyPair accountKey) {
        this(accountKey, ListenAddresses.wildcard(DEFAULT_PORT));
    }

    /**
     * A responder listening on a port of every local address.
     *
     * @param accountKey the session's account key pair
     * @param port       1 to 65535, normally 443
     */
    public SimpleHttpsResponder(KeyPair accountKey, int port) {
        this(accountKey, ListenAddresses.wildcard(port));
    }

    /**
     * A responder listening on a port of one local address.
     *
     * @param accountKey the session's account key pair
     * @param address    the local address
     * @param port       1 to 65535
     */
    public SimpleHttpsResponder(KeyPair accountKey, InetAddress address, int port) {
        this(accountKey, ListenAddresses.of(address, port));
    }

    /**
     * A responder listening on an address.
     *
     * @param accountKey the session's account key pair
     * @param address    a resolved address with a port from 1 to 65535
     */
    public SimpleHttpsResponder(KeyPair accountKey, InetSocketAddress address) {
        this.accountKey = Objects.requireNonNull(accountKey, "accountKey");
        Objects.requireNonNull(accountKey.getPublic(), "accountKey.getPublic()");
        Objects.requireNonNull(accountKey.getPrivate(), "accountKey.getPrivate()");
        // Not shared with other responders: its server signs with this account's key.
        this.server = new ListeningResponder<>("SimpleHttpsResponder[" + address + "]", address,
                new SharedListeners<>(), a -> SimpleHttpsListener.open(a, accountKey));
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
     * Whether the server listens now, because a challenge is in flight.
     *
     * @return {@code true} while listening
     */
    public boolean isListening() {
        return server.isListening();
    }

    @Override
    public Set<String> challengeTypes() {
        return Set.of(Challenge.SIMPLE_HTTPS);
    }

    /**
     * simpleHttps challenges for DNS names (not wildcards) with a file to serve, for this
     * responder's account key: a certificate for another key would fail the CA's check.
     */
    @Override
    public boolean supports(ChallengeContext context) {
        return Challenge.SIMPLE_HTTPS.equals(context.type()) && context.httpResource().isPresent()
                && context.identifier().isDns() && !context.identifier().isWildcard()
                && Arrays.equals(context.accountPublicKey().getEncoded(), accountKey.getPublic().getEncoded());
    }

    /**
     * Serves the challenge's file over HTTPS with the domain's certificate, starting the server if
     * it is not running. The provision's {@link Provision#validationSeen()} completes when the file
     * was first sent in answer to a {@code GET}: the CA has looked.
     *
     * @throws ProvisioningException if the challenge is not one this responder supports, the
     *                               address cannot be bound, another file is in flight under the
     *                               same name, or this responder is closed
     */
    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        if (!supports(context)) {
            throw new ProvisioningException(this + " cannot answer " + context.type() + " for "
                    + context.identifier() + (context.httpResource().isPresent() ? " (another account key?)" : ""));
        }
        HttpResource resource = context.httpResource().get();
        String domain = context.identifier().value();
        Provision provision = server.provision("simpleHttps " + resource.path() + " for " + domain, resource.path(),
                SimpleHttpsListener::signals,
                listener -> {
                    listener.keyManager().add(domain);
                    try {
                        listener.store().put(resource);
                    } catch (RuntimeException e) {
                        listener.keyManager().remove(domain);
                        throw e;
                    }
                },
                listener -> {
                    listener.store().remove(resource);
                    listener.keyManager().remove(domain);
                });
        LOG.debug("{}: serving {} over HTTPS on {}", context.identifier(), resource.path(), server.address());
        return provision;
    }

    /** Removes the challenges still in flight and refuses new ones; the server stops if now idle. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "SimpleHttpsResponder[" + server.address() + "]";
    }
}
