package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.Authorization;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Directory;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.OrderList;
import org.certwright.acme.Registration;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.problem.AcmeException;

/**
 * One ACME wire format. The session's operations are the same for every dialect; how they look on
 * the wire (endpoints, JWS headers, payloads, response shapes) is the dialect's business.
 * RFC 8555 is {@link Rfc8555Protocol}; the 2015 draft is
 * {@link org.certwright.acme.internal.protocol.draft.DraftProtocol}.
 *
 * <p>Implementations are thread-safe and never hold a lock across network I/O.
 */
public interface Protocol {

    /** The CA's directory, cached. */
    Directory directory() throws AcmeException;

    /** Creates an account, or returns the existing one for the key. */
    Registration register(NewRegistration request) throws AcmeException;

    /** The existing account for the key, without creating one. */
    Optional<Registration> findRegistration() throws AcmeException;

    /** The account as it is now. */
    Registration fetchRegistration() throws AcmeException;

    /** Replaces the account's contacts. */
    Registration updateContacts(List<URI> contacts) throws AcmeException;

    /** Deactivates the account for good. */
    Registration deactivateRegistration() throws AcmeException;

    /** Rolls the account over to a new key; afterwards the session signs with it. */
    Registration changeAccountKey(AccountKey newKey) throws AcmeException;

    /** The account's URL, looking it up by key if the session does not know it yet. */
    URI accountUrl() throws AcmeException;

    /** Places an order. */
    Order newOrder(NewOrder request) throws AcmeException;

    /** Creates an authorization ahead of an order (RFC 8555 §7.4.1). */
    Authorization preAuthorize(Identifier identifier) throws AcmeException;

    /** An order as it is now. */
    Order fetchOrder(URI url) throws AcmeException;

    /** The first page of the account's orders. */
    OrderList orders() throws AcmeException;

    /** One page of an order list. */
    OrderList fetchOrderList(URI url) throws AcmeException;

    /** An authorization as it is now. */
    Authorization fetchAuthorization(URI url) throws AcmeException;

    /** A challenge as it is now. */
    Challenge fetchChallenge(URI url) throws AcmeException;

    /** Deactivates an authorization. */
    Authorization deactivateAuthorization(URI url) throws AcmeException;

    /** What a responder needs to satisfy a challenge of an authorization. */
    ChallengeContext challengeContext(Authorization authorization, Challenge challenge)
            throws AcmeException;

    /**
     * Tells the CA a challenge is ready to be validated, with the response object its type needs
     * ({@code {}} for every RFC 8555 type; in the draft, for example, the {@code path} a
     * {@code simpleHttps} file was provisioned at).
     */
    Challenge respond(ChallengeContext context) throws AcmeException;

    /**
     * Tells the CA a challenge is ready when only the challenge is at hand, with the same response
     * {@link #respond(ChallengeContext)} would send for the context {@link #challengeContext} gives.
     *
     * @throws IllegalArgumentException if the challenge cannot have been provisioned (for example a
     *         draft {@code simpleHttps} challenge without a token)
     */
    Challenge respond(Challenge challenge) throws AcmeException;

    /** Sends the CSR; returns the order from the response. */
    Order finalizeOrder(Order order, Csr csr) throws AcmeException;

    /** Downloads a certificate chain. */
    Certificate fetchCertificate(URI url) throws AcmeException;

    /** The certificate of a {@code valid} order, which must have a certificate link. */
    Certificate downloadCertificate(Order order) throws AcmeException;

    /** The CA's renewal advice for a certificate (RFC 9773). */
    RenewalInfo renewalInfo(CertificateId id) throws AcmeException;

    /**
     * Revokes a certificate.
     *
     * @param certificateKey the certificate's own key, or empty to sign with the account key
     */
    void revoke(X509Certificate certificate, RevocationReason reason, Optional<AccountKey> certificateKey)
            throws AcmeException;
}
