package org.certwright.acme;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyAuthorization;
import org.certwright.acme.internal.protocol.AccountState;
import org.certwright.acme.internal.protocol.Protocol;
import org.certwright.acme.internal.protocol.StatusText;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.DeactivationRefusedException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.ValidationFailedException;
import org.certwright.acme.internal.text.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conversation with one ACME CA under one account key. Everything that goes over the network
 * goes through a session: it signs requests, keeps the nonce pool, caches the directory, retries
 * what may be retried, polls, and turns every failure into a typed {@link AcmeException}.
 *
 * <pre>{@code
 * Session session = Session.builder(URI.create("https://acme-v02.api.letsencrypt.org/directory"),
 *                 AccountKey.of(accountKeyPair))
 *         .build();
 * session.register(NewRegistration.builder().contact("mailto:ops@example.com").agreeToTermsOfService().build());
 * Order order = session.newOrder(NewOrder.builder().dns("example.com").build());
 * }</pre>
 *
 * <p>A session is thread-safe and meant to be shared: concurrent orders share its connections,
 * nonces and directory. No lock is held across network I/O. Resources it returns are immutable
 * snapshots; to see a newer state, fetch again ({@link #refresh(Order)}, {@link #fetch(Link)}).
 *
 * <p>Every operation that talks to the CA throws an {@link AcmeException} when it fails, and only
 * that for anything the network or the CA can cause: {@link org.certwright.acme.problem.AcmeNetworkException}
 * when no response arrived (refused, timed out, TLS failure),
 * {@link org.certwright.acme.problem.AcmeProtocolException} when the response is not proper ACME,
 * a {@link ProblemException} subclass for the CA's problem document (see each method for the
 * ones it is known for; {@link org.certwright.acme.problem.RateLimitedException} can come from
 * any of them), and {@link org.certwright.acme.problem.AcmeInterruptedException} when the thread
 * was interrupted (its interrupt flag stays set). Unchecked exceptions mean the caller's own
 * arguments were wrong: {@link NullPointerException} for a {@code null},
 * {@link IllegalArgumentException} for a value that cannot be right, and
 * {@link IllegalStateException} for a resource in the wrong state for the call.
 *
 * <p>A session speaks RFC 8555 unless built with another {@link Dialect}: the 2015 draft ACME
 * started as ({@link Dialect#DRAFT_BARNES_ACME}) is built from its {@code new-reg} URL and returns
 * the same resources; operations the draft lacks throw
 * {@link org.certwright.acme.problem.NotSupportedByServerException}.
 */
public final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final AcmeClient client;
    private final AccountState account;
    private final Protocol protocol;
    private final Poller poller;

    Session(AcmeClient client, AccountState account) {
        this.client = client;
        this.account = account;
        this.protocol = client.protocol(account);
        this.poller = client.poller();
    }

    /**
     * A builder for a session with the CA at {@code directoryUrl}, signing with {@code accountKey}.
     * For {@link Dialect#DRAFT_BARNES_ACME} the URL is the CA's {@code new-reg} URL.
     */
    public static Builder builder(URI directoryUrl, AccountKey accountKey) {
        return new Builder(directoryUrl, accountKey);
    }

    /** A builder for a session signing with a key pair held in memory. */
    public static Builder builder(URI directoryUrl, KeyPair accountKey) {
        return new Builder(directoryUrl, AccountKey.of(accountKey));
    }

    // ---- directory and account ------------------------------------------------------------

    /** The URL the session was built with: the CA's directory, or the draft dialect's {@code new-reg}. */
    public URI serverUrl() {
        return client.serverUrl();
    }

    /**
     * The client this session belongs to: another account's session on the same CA shares its
     * connections, nonces and directory ({@code session.client().session(otherKey)}).
     *
     * @since 0.2.0
     */
    public AcmeClient client() {
        return client;
    }

    /** The wire format this session speaks. */
    public Dialect dialect() {
        return client.dialect();
    }

    /**
     * The CA's directory. Fetched on first use and cached: a positive {@code Cache-Control: max-age}
     * is honoured; otherwise it is revalidated after the builder's directory refresh interval.
     * The draft dialect has no directory; it returns what the session has learned in the same
     * shape ({@code newAccount} is {@code new-reg}, {@code newAuthz} is known after registering)
     * without a request.
     *
     * @throws AcmeException if the directory cannot be fetched and no cached copy is left
     */
    public Directory directory() throws AcmeException {
        return protocol.directory();
    }

    /** The account key the session signs with now (it changes after {@link #changeAccountKey}). */
    public AccountKey accountKey() {
        return account.key();
    }

    /** The account URL, once known: given to the builder, or learned from the CA. */
    public Optional<URI> accountUrl() {
        return account.url();
    }

    /**
     * Creates an account for the session's key (RFC 8555 §7.3). If the key already has an account,
     * the CA returns that one unchanged.
     *
     * <p>In the draft dialect this POSTs {@code new-reg} with the contacts; when the CA links terms
     * of service ({@code Link rel="terms-of-service"}) and the request agrees to them, a second
     * request records the {@code agreement}. The registration carries {@code agreement},
     * {@code recoveryToken} and {@code termsOfService}.
     *
     * @throws org.certwright.acme.problem.UserActionRequiredException if the CA requires agreeing to its terms
     *         of service and the request does not
     * @throws org.certwright.acme.problem.ExternalAccountRequiredException if the CA requires an external
     *         account binding and the request has none
     * @throws org.certwright.acme.problem.UnauthorizedException if the CA refuses the external account binding
     */
    public Registration register(NewRegistration request) throws AcmeException {
        Objects.requireNonNull(request, "request");
        return protocol.register(request);
    }

    /**
     * The account that already exists for the session's key, without creating one
     * ({@code onlyReturnExisting}); empty if there is none.
     */
    public Optional<Registration> findRegistration() throws AcmeException {
        return protocol.findRegistration();
    }

    /**
     * The account as it is now.
     *
     * @throws org.certwright.acme.problem.AccountDoesNotExistException if the account URL is unknown, or no
     *         account exists for the key
     * @throws org.certwright.acme.problem.UnauthorizedException if the account was deactivated or revoked
     */
    public Registration fetchRegistration() throws AcmeException {
        return protocol.fetchRegistration();
    }

    /**
     * Replaces the account's contacts, for example with new {@code mailto:} addresses.
     *
     * @throws org.certwright.acme.problem.ProblemException (type {@code invalidContact} or {@code
     *         unsupportedContact}) if the CA refuses a contact
     */
    public Registration updateContacts(List<URI> contacts) throws AcmeException {
        return protocol.updateContacts(List.copyOf(contacts));
    }

    /**
     * Deactivates the account. This cannot be undone; the CA refuses every later request from it.
     *
     * @throws org.certwright.acme.problem.UnauthorizedException if the account is already deactivated or
     *         revoked
     */
    public Registration deactivateRegistration() throws AcmeException {
        return protocol.deactivateRegistration();
    }

    /**
     * Rolls the account over to a new key (RFC 8555 §7.3.5). Afterwards this session signs with
     * {@code newKey}; requests already in flight under the old key may fail.
     *
     * @throws org.certwright.acme.problem.AccountKeyInUseException if the new key already belongs
     *         to another account
     * @throws org.certwright.acme.problem.NotSupportedByServerException if the CA offers no {@code keyChange}
     */
    public Registration changeAccountKey(AccountKey newKey) throws AcmeException {
        Objects.requireNonNull(newKey, "newKey");
        return protocol.changeAccountKey(newKey);
    }

    /**
     * The first page of the account's orders; follow {@link OrderList#next()} for more.
     *
     * @throws org.certwright.acme.problem.NotSupportedByServerException if the CA offers no order list for the
     *         account
     */
    public OrderList orders() throws AcmeException {
        return protocol.orders();
    }

    // ---- orders ---------------------------------------------------------------------------

    /**
     * Places an order (RFC 8555 §7.4). A {@code profile} must be one the directory lists;
     * {@code replaces} is sent only to a CA that offers ARI.
     *
     * <p>The draft dialect has no orders: it creates one authorization per identifier
     * ({@code new-authz}) and returns a client-side order, with a {@code urn:certwright:draft-order:}
     * URL, whose status follows its authorizations and whose finalize URL is {@code new-cert}.
     *
     * @throws org.certwright.acme.problem.InvalidProfileException if the profile is not one the CA offers
     * @throws org.certwright.acme.problem.RateLimitedException if the CA refuses for a rate limit; {@link
     *         org.certwright.acme.problem.RateLimitedException#retryAfter()} says when to try again
     * @throws org.certwright.acme.problem.ProblemException (type {@code rejectedIdentifier}, {@code
     *         unsupportedIdentifier}) if the CA will not issue for an identifier
     * @throws org.certwright.acme.problem.NotSupportedByServerException in the draft dialect, for validity or a
     *         profile, which it lacks
     */
    public Order newOrder(NewOrder request) throws AcmeException {
        Objects.requireNonNull(request, "request");
        return protocol.newOrder(request);
    }

    /**
     * Creates an authorization ahead of an order, where the CA offers {@code newAuthz} (in the draft, {@code new-authz}).
     *
     * @throws org.certwright.acme.problem.NotSupportedByServerException if the CA offers no pre-authorization
     *         ({@code newAuthz})
     */
    public Authorization preAuthorize(Identifier identifier) throws AcmeException {
        return protocol.preAuthorize(identifier);
    }

    /**
     * Follows a link and returns the target as it is now.
     *
     * @param link the link, from a resource or one of {@link Link}'s factories
     * @param <T>  the target's type
     * @return the target
     * @throws AcmeException if the CA cannot be asked or answers with a problem
     */
    public <T extends LinkTarget> T fetch(Link<T> link) throws AcmeException {
        URI url = link.url();
        // Exhaustive over the closed set of link targets: a new kind does not compile until it is handled here.
        LinkTarget resource = switch (link.kind()) {
            case ORDER -> protocol.fetchOrder(url);
            case AUTHORIZATION -> protocol.fetchAuthorization(url);
            case CHALLENGE -> protocol.fetchChallenge(url);
            case CERTIFICATE -> protocol.fetchCertificate(url);
            case ORDER_LIST -> protocol.fetchOrderList(url);
        };
        return link.type().cast(resource);
    }

    /**
     * The order as it is now.
     */
    public Order refresh(Order order) throws AcmeException {
        return protocol.fetchOrder(order.url());
    }

    /**
     * The authorization as it is now.
     */
    public Authorization refresh(Authorization authorization) throws AcmeException {
        return protocol.fetchAuthorization(authorization.url());
    }

    /**
     * The challenge as it is now.
     */
    public Challenge refresh(Challenge challenge) throws AcmeException {
        return protocol.fetchChallenge(challenge.url());
    }

    /**
     * The authorizations of an order, fetched in order.
     */
    public List<Authorization> authorizations(Order order) throws AcmeException {
        List<Authorization> out = new ArrayList<>();
        for (Link<Authorization> link : order.authorizations()) {
            out.add(fetch(link));
        }
        return out;
    }

    /**
     * Deactivates an authorization, for example one no longer needed (RFC 8555 §7.5.2).
     *
     * @throws DeactivationRefusedException if the CA refuses the deactivation with a problem of no
     *         more specific type, such as {@code malformed} from a CA that does not implement it; the
     *         message says so and carries the CA's detail
     * @throws ProblemException a subclass for a problem with a specific type ({@code unauthorized},
     *         {@code rateLimited}, …)
     */
    public Authorization deactivate(Authorization authorization) throws AcmeException {
        try {
            return protocol.deactivateAuthorization(authorization.url());
        } catch (ProblemException e) {
            // Only the untyped problems are rewrapped: a caller catching, say, UnauthorizedException
            // keeps catching it.
            if (e.getClass() == ProblemException.class) {
                throw new DeactivationRefusedException(authorization.url(), e);
            }
            throw e;
        }
    }

    /** The key authorization for a challenge's token under the current account key (RFC 8555 §8.1). */
    public KeyAuthorization keyAuthorization(Challenge challenge) {
        String token = challenge.token().orElseThrow(() -> new IllegalArgumentException(
                "challenge " + challenge.type() + " at " + challenge.url() + " has no token"));
        return KeyAuthorization.of(token, account.key().publicKey());
    }

    /**
     * What a {@link org.certwright.acme.challenge.ChallengeResponder} needs to satisfy a challenge
     * of an authorization: the key authorization and the file, record or certificate to provision.
     * Asking again for the same challenge gives an equal context (in the draft dialect, the
     * {@code simpleHttps} path the client chooses is derived from the challenge, not drawn anew).
     */
    public ChallengeContext challengeContext(Authorization authorization, Challenge challenge) throws AcmeException {
        return protocol.challengeContext(authorization, challenge);
    }

    /**
     * Tells the CA to validate a challenge (RFC 8555 §7.5.1). Provision what the CA will check
     * first. The response is the one {@link #respond(ChallengeContext)} sends for this challenge's
     * {@link #challengeContext context}: the empty object {@code {}} for every RFC 8555 type; in the
     * draft dialect, the challenge's {@code type} and, for {@code simpleHttps}, the {@code path}
     * its context provisions (which is the same on every call).
     *
     * @throws IllegalArgumentException in the draft dialect, for a {@code simpleHttps} challenge
     *         without a usable token, for which nothing can have been provisioned
     */
    public Challenge respond(Challenge challenge) throws AcmeException {
        return protocol.respond(challenge);
    }

    /**
     * Tells the CA to validate the challenge of a context, after its file, record or certificate
     * was provisioned, with the response its type needs: {@code {}} for every RFC 8555 type; in the
     * draft dialect, for {@code simpleHttps}, the {@code path} the context's file was provisioned
     * at. This is the one way to respond that works the same for every dialect and type, and the
     * one to use when a responder provisioned from the context.
     *
     * @throws org.certwright.acme.problem.ProblemException if the CA refuses the response, such as for a
     *         challenge that is no longer pending
     */
    public Challenge respond(ChallengeContext context) throws AcmeException {
        Objects.requireNonNull(context, "context");
        return protocol.respond(context);
    }

    /**
     * Waits until an authorization is no longer pending, or one of its challenges failed.
     *
     * <p>A challenge that the CA left {@code pending} with a {@code connection}, {@code dns} or
     * {@code tls} error, on an authorization still {@code pending}, is answered again, at most
     * {@value #REANSWERS} times, after the poll interval: such errors are often passing (a responder
     * not listening yet, a DNS record not yet visible), and some CAs (step-ca among them) never
     * retry a validation by themselves, but validate again when the challenge is answered again.
     * Every other failure, and one of these that persists, fails at once. The poll policy's timeout
     * covers the whole wait, answers included.
     *
     * @return the authorization, {@code valid} or in another final state such as {@code deactivated}
     * @throws ValidationFailedException (or a subclass naming the cause) if it became {@code invalid},
     *         or a challenge of it did ({@code invalid}, or {@code pending} again with an error that
     *         answering again did not cure) while the CA left the authorization pending
     * @throws org.certwright.acme.problem.PollTimeoutException if it did not settle in time; it
     *         carries the last error the CA reported on a challenge, if any
     */
    public Authorization awaitAuthorization(Authorization authorization) throws AcmeException {
        Reanswering reanswering = new Reanswering(authorization);
        Authorization done = poller.poll(authorization, authorization.url(),
                () -> reanswering.fetch(authorization.url()),
                Authorization::status,
                a -> StatusText.of(a.status(), a.otherFields()), Authorization::retryAfter,
                a -> isSettled(a.status()) || (failedChallenge(a).isPresent() && reanswering.exhaustedFor(a)),
                a -> a.challenges().stream().flatMap(c -> c.error().stream()).findFirst());
        if (done.status() == Status.INVALID || failedChallenge(done).isPresent()) {
            throw validationFailure(done);
        }
        return done;
    }

    /** How many times {@link #awaitAuthorization} answers a challenge again after a retryable error. */
    static final int REANSWERS = 2;

    /** The error types after which answering a still-pending challenge again may succeed. */
    private static final Set<ProblemType> RETRYABLE_VALIDATION_ERRORS =
            Set.of(ProblemType.CONNECTION, ProblemType.DNS, ProblemType.TLS);

    /**
     * The state of one {@link #awaitAuthorization} call: the last snapshot and the answers sent.
     * Only the poller's thread uses it.
     */
    private final class Reanswering {
        private Authorization last;
        private int answered;

        Reanswering(Authorization first) {
            this.last = first;
        }

        /** Whether the snapshot's failure is final: not retryable, or answered again often enough. */
        boolean exhaustedFor(Authorization snapshot) {
            return retryable(snapshot).isEmpty() || answered >= REANSWERS;
        }

        /** Answers the last snapshot's retryable challenge again, if it has one and answers are left, then fetches. */
        Authorization fetch(URI url) throws AcmeException {
            Optional<Challenge> again = retryable(last);
            if (again.isPresent() && answered < REANSWERS) {
                answered++;
                Challenge challenge = again.get();
                LOG.info("{}: answering {} again ({} of {}) after {}", url, challenge.type(), answered, REANSWERS,
                        challenge.error().map(Problem::describe).orElse("an error"));
                protocol.respond(challenge);
            }
            last = protocol.fetchAuthorization(url);
            return last;
        }

        private Optional<Challenge> retryable(Authorization snapshot) {
            if (snapshot.status() != Status.PENDING) {
                return Optional.empty();
            }
            return snapshot.challenges().stream()
                    .filter(c -> c.status() == Status.PENDING)
                    .filter(c -> c.error().map(p -> RETRYABLE_VALIDATION_ERRORS.contains(p.knownType())).orElse(false))
                    .findFirst();
        }
    }

    /**
     * A challenge whose validation failed while its authorization may still be pending: one that
     * is {@code invalid}, or back to {@code pending} with an error (some CAs, step-ca among them,
     * leave the authorization pending until it expires and the challenge pending with the error of
     * the failed attempt). A {@code processing} challenge with an error is one the CA is still
     * retrying (RFC 8555 §8.2), so it is not failed.
     */
    private static Optional<Challenge> failedChallenge(Authorization authz) {
        return authz.challenges().stream().filter(Session::hasFailed).findFirst();
    }

    private static boolean hasFailed(Challenge c) {
        return c.status() == Status.INVALID || (c.status() == Status.PENDING && c.error().isPresent());
    }

    /**
     * Waits until a challenge is no longer pending or processing.
     *
     * @throws ValidationFailedException (or a subclass) if it became {@code invalid}, or
     *         {@code pending} again with an error (the CA gave up this attempt)
     * @throws org.certwright.acme.problem.PollTimeoutException if it did not settle in time; it
     *         carries the last error the CA reported, if any
     */
    public Challenge awaitChallenge(Challenge challenge) throws AcmeException {
        Challenge done = poller.poll(challenge, challenge.url(), () -> protocol.fetchChallenge(challenge.url()),
                Challenge::status, c -> StatusText.of(c.status(), c.otherFields()), Challenge::retryAfter,
                c -> isSettled(c.status()) || hasFailed(c), Challenge::error);
        if (hasFailed(done)) {
            Problem p = done.error().orElse(Problem.of(ProblemType.OTHER,
                    "challenge " + done.type() + " is invalid and the CA gave no reason"));
            throw ValidationFailedException.of(p, ProblemContext.of(client.dialect().readMethod(), done.url(), 200));
        }
        return done;
    }

    /**
     * Waits until an order is neither {@code pending} nor {@code processing}: after its
     * authorizations are valid it becomes {@code ready}; after finalizing, {@code valid}.
     *
     * @throws ProblemException (a subclass for the order's error type) if it became {@code invalid}
     * @throws org.certwright.acme.problem.PollTimeoutException if it did not settle within the poll policy's
     *         timeout
     */
    public Order awaitOrder(Order order) throws AcmeException {
        Order done = poller.poll(order, order.url(), () -> protocol.fetchOrder(order.url()), Order::status,
                o -> StatusText.of(o.status(), o.otherFields()), Order::retryAfter, o -> isSettled(o.status()),
                Order::error);
        if (done.status() == Status.INVALID) {
            Problem p = done.error().orElse(Problem.of(ProblemType.OTHER,
                    "order for " + done.identifiers() + " is invalid and the CA gave no reason"));
            throw ProblemException.of(p, ProblemContext.of(client.dialect().readMethod(), done.url(), 200));
        }
        return done;
    }

    /**
     * Looks at an order once after its challenges were answered, when the CA has probably decided
     * (RFC 8555 §7.5.1): a few milliseconds after {@code validationSeen} completes, that is after
     * the CA's validation requests were answered (see
     * {@link org.certwright.acme.challenge.Provision#validationSeen()}); if the signal does not
     * come within two seconds (the CA could not connect, or another server answered it), then;
     * without a signal, after the poll policy's first interval. One request: an order that is
     * {@code ready} needs no look at its authorizations. Neither wait exceeds the poll policy's
     * timeout.
     *
     * @param order          the order whose challenges were answered
     * @param validationSeen completes when the CA has looked at every answered challenge, if the
     *                       responders can tell
     * @return the order as it is then, in whatever state
     * @throws org.certwright.acme.problem.AcmeInterruptedException if interrupted while waiting
     * @since 0.2.0
     */
    public Order lookAfterValidation(Order order, Optional<? extends CompletionStage<?>> validationSeen)
            throws AcmeException {
        Objects.requireNonNull(validationSeen, "validationSeen");
        return poller.look(validationSeen, order.url(), () -> protocol.fetchOrder(order.url()), Order::status);
    }

    /**
     * Finalizes an order with a CSR (RFC 8555 §7.4) and returns the order from the CA's answer,
     * which may already be {@code valid}; if it is {@code processing}, {@link #awaitOrder} it.
     *
     * @throws IllegalArgumentException if the CSR does not name exactly the order's identifiers
     * @throws org.certwright.acme.problem.OrderNotReadyException if an authorization of the order is not valid
     *         yet
     * @throws org.certwright.acme.problem.BadCsrException if the CA refuses the CSR (for example its key)
     */
    public Order finalize(Order order, Csr csr) throws AcmeException {
        csr.requireIdentifiers(order.identifiers());
        return protocol.finalizeOrder(order, csr);
    }

    /**
     * Downloads the certificate of a {@code valid} order.
     *
     * @throws IllegalStateException if the order has no certificate yet
     * @throws org.certwright.acme.problem.AcmeProtocolException if the response is not a PEM certificate chain
     */
    public Certificate downloadCertificate(Order order) throws AcmeException {
        return protocol.downloadCertificate(order);
    }

    /**
     * Downloads the certificate of a {@code valid} order in the chain that leads to
     * {@code preferredIssuer} (matched against the common name of the top issuer, then of any
     * issuer), looking at the alternates ({@code rel="alternate"}) when the default chain does not;
     * falls back to the default chain when none matches. An alternate that cannot be downloaded
     * (a broken link, a 404) is skipped with a warning in the log, as
     * {@link #downloadCertificate(Order, String, BiConsumer)} describes.
     *
     * @throws org.certwright.acme.problem.AcmeProtocolException if the default chain is not a PEM certificate
     *         chain
     */
    public Certificate downloadCertificate(Order order, String preferredIssuer) throws AcmeException {
        return downloadCertificate(order, preferredIssuer, (url, failure) -> {
        });
    }

    /**
     * Downloads the certificate of a {@code valid} order in the chain that leads to
     * {@code preferredIssuer}, as {@link #downloadCertificate(Order, String)} does. An alternate
     * chain that cannot be downloaded (a link that is not an {@code http(s)} URL, an error
     * answer, a chain that cannot be read) does not fail the download: the certificate was issued
     * and the default chain is good, so that alternate is logged at WARN, reported to
     * {@code alternateFailed} and skipped. An interrupt is not skipped.
     *
     * @param order           a {@code valid} order
     * @param preferredIssuer the common name of the preferred chain's top issuer
     * @param alternateFailed told of each alternate that could not be downloaded
     * @return the chosen chain
     * @throws AcmeException if the default chain cannot be downloaded
     * @since 0.2.0
     */
    public Certificate downloadCertificate(Order order, String preferredIssuer,
                                           BiConsumer<URI, AcmeException> alternateFailed) throws AcmeException {
        Objects.requireNonNull(preferredIssuer, "preferredIssuer");
        Objects.requireNonNull(alternateFailed, "alternateFailed");
        Certificate preferred = protocol.downloadCertificate(order);
        if (preferred.topIssuerName().equalsIgnoreCase(preferredIssuer)) {
            return preferred;
        }
        List<Certificate> candidates = new ArrayList<>();
        candidates.add(preferred);
        for (Link<Certificate> alternate : preferred.alternates()) {
            try {
                candidates.add(fetchAlternate(alternate));
            } catch (AcmeInterruptedException e) {
                throw e;
            } catch (AcmeException e) {
                LOG.warn("alternate chain {} of {} cannot be downloaded; skipping it: {}", alternate.url(),
                        preferred.url(), e.getMessage());
                alternateFailed.accept(alternate.url(), e);
            }
        }
        Certificate chosen = Certificate.firstLeadingTo(candidates, preferredIssuer).orElse(preferred);
        if (chosen == preferred && !preferred.leadsTo(preferredIssuer)) {
            LOG.info("no chain of {} leads to '{}'; using the default chain to '{}' (offered: {})", SafeText.of(order.url()),
                    SafeText.of(preferredIssuer), SafeText.of(preferred.topIssuerName()),
                    SafeText.of(candidates.stream().map(Certificate::topIssuerName).collect(Collectors.joining(", "))));
        }
        return chosen;
    }

    /** An alternate chain; a link the CA should not have sent fails typed, like a failed download. */
    private Certificate fetchAlternate(Link<Certificate> alternate) throws AcmeException {
        URI url = alternate.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw new AcmeProtocolException("the alternate chain link '" + url + "' is not an http(s) URL", "POST", url,
                    -1);
        }
        try {
            return fetch(alternate);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AcmeProtocolException("the alternate chain at '" + url + "' cannot be requested: "
                    + e.getMessage(), "POST", url, -1, e);
        }
    }

    // ---- renewal and revocation -----------------------------------------------------------

    /**
     * The CA's renewal advice for a certificate (RFC 9773), by unauthenticated GET.
     *
     * @throws org.certwright.acme.problem.NotSupportedByServerException if the CA offers no ARI
     */
    public RenewalInfo renewalInfo(CertificateId id) throws AcmeException {
        return protocol.renewalInfo(id);
    }

    /**
     * The CA's renewal advice for a certificate, which must carry an Authority Key Identifier.
     *
     * @throws org.certwright.acme.problem.NotSupportedByServerException if the CA offers no ARI
     */
    public RenewalInfo renewalInfo(X509Certificate certificate) throws AcmeException {
        return renewalInfo(CertificateId.of(certificate));
    }

    /**
     * Revokes a certificate, signing with the account key (RFC 8555 §7.6).
     *
     * @throws org.certwright.acme.problem.AlreadyRevokedException if the certificate is already revoked
     * @throws org.certwright.acme.problem.UnauthorizedException if the account may not revoke it
     */
    public void revoke(X509Certificate certificate, RevocationReason reason) throws AcmeException {
        protocol.revoke(certificate, reason, Optional.empty());
    }

    /**
     * Revokes a certificate, signing with the certificate's own key, which works without the
     * account that ordered it (for example after a key compromise).
     *
     * @throws org.certwright.acme.problem.AlreadyRevokedException if the certificate is already revoked
     */
    public void revoke(X509Certificate certificate, RevocationReason reason, KeyPair certificateKey)
            throws AcmeException {
        protocol.revoke(certificate, reason, Optional.of(AccountKey.of(certificateKey)));
    }

    /**
     * What the session's client has sent so far, for this and every other session of the same
     * {@link AcmeClient}.
     */
    public SessionStatistics statistics() {
        return client.statistics();
    }

    @Override
    public String toString() {
        return "Session[" + client.serverUrl() + ", account=" + account.url().map(URI::toString).orElse("unknown") + "]";
    }

    /**
     * Whether polling can stop. {@code unknown} (the draft's status, or one this library does not
     * know) is not settled: the resource may still become valid.
     */
    private static boolean isSettled(Status status) {
        return status != Status.PENDING && status != Status.PROCESSING && status != Status.UNKNOWN;
    }

    private ValidationFailedException validationFailure(Authorization authz) {
        Optional<Challenge> failed = authz.challenges().stream()
                .filter(c -> hasFailed(c) && c.error().isPresent())
                .findFirst();
        Problem p = failed.flatMap(Challenge::error)
                .orElse(Problem.of(ProblemType.OTHER, "the CA gave no reason"));
        return ValidationFailedException.of(authz.orderedIdentifier(), failed.map(Challenge::type), p,
                ProblemContext.of(client.dialect().readMethod(), authz.url(), 200));
    }

    /**
     * Builds a {@link Session} together with the {@link AcmeClient} it runs on: shorthand for
     * {@code AcmeClient.builder(url)...build().session(key)} when one account is all an
     * application needs. The settings are the client's; see {@link AcmeClient.Builder}.
     */
    public static final class Builder {
        private final AcmeClient.Builder client;
        private final AccountKey accountKey;
        private URI accountUrl;

        private Builder(URI directoryUrl, AccountKey accountKey) {
            this.client = AcmeClient.builder(directoryUrl);
            this.accountKey = Objects.requireNonNull(accountKey, "accountKey");
        }

        /** See {@link AcmeClient.Builder#dialect(Dialect)}. */
        public Builder dialect(Dialect dialect) {
            client.dialect(dialect);
            return this;
        }

        /**
         * The account URL, if known, which saves looking it up by key. In the draft dialect, the
         * registration URL, which it cannot look up.
         */
        public Builder accountUrl(URI url) {
            this.accountUrl = url;
            return this;
        }

        /** See {@link AcmeClient.Builder#httpClient(HttpClient)}. */
        public Builder httpClient(HttpClient httpClient) {
            client.httpClient(httpClient);
            return this;
        }

        /** See {@link AcmeClient.Builder#sslContext(SSLContext)}. */
        public Builder sslContext(SSLContext context) {
            client.sslContext(context);
            return this;
        }

        /** See {@link AcmeClient.Builder#trustedCertificates(List)}. */
        public Builder trustedCertificates(List<X509Certificate> anchors) {
            client.trustedCertificates(anchors);
            return this;
        }

        /**
         * See {@link AcmeClient.Builder#trustedCertificates(Path)}.
         *
         * @throws IOException if the file cannot be read
         */
        public Builder trustedCertificates(Path pemFile) throws IOException {
            client.trustedCertificates(pemFile);
            return this;
        }

        /** See {@link AcmeClient.Builder#proxy(ProxySelector)}. */
        public Builder proxy(ProxySelector selector) {
            client.proxy(selector);
            return this;
        }

        /** See {@link AcmeClient.Builder#connectTimeout(Duration)}. */
        public Builder connectTimeout(Duration timeout) {
            client.connectTimeout(timeout);
            return this;
        }

        /** See {@link AcmeClient.Builder#requestTimeout(Duration)}. */
        public Builder requestTimeout(Duration timeout) {
            client.requestTimeout(timeout);
            return this;
        }

        /** See {@link AcmeClient.Builder#userAgent(String)}. */
        public Builder userAgent(String productToken) {
            client.userAgent(productToken);
            return this;
        }

        /** See {@link AcmeClient.Builder#acceptLanguage(Locale)}. */
        public Builder acceptLanguage(Locale locale) {
            client.acceptLanguage(locale);
            return this;
        }

        /** See {@link AcmeClient.Builder#clock(Clock)}. */
        public Builder clock(Clock clock) {
            client.clock(clock);
            return this;
        }

        /** See {@link AcmeClient.Builder#pollPolicy(PollPolicy)}. */
        public Builder pollPolicy(PollPolicy policy) {
            client.pollPolicy(policy);
            return this;
        }

        /** See {@link AcmeClient.Builder#retryPolicy(RetryPolicy)}. */
        public Builder retryPolicy(RetryPolicy policy) {
            client.retryPolicy(policy);
            return this;
        }

        /** See {@link AcmeClient.Builder#directoryRefreshInterval(Duration)}. */
        public Builder directoryRefreshInterval(Duration interval) {
            client.directoryRefreshInterval(interval);
            return this;
        }

        /** See {@link AcmeClient.Builder#maxResponseBytes(long)}. */
        public Builder maxResponseBytes(long bytes) {
            client.maxResponseBytes(bytes);
            return this;
        }

        /**
         * See {@link AcmeClient.Builder#eventListener(AcmeEventListener)}.
         *
         * @since 0.2.0
         */
        public Builder eventListener(AcmeEventListener listener) {
            client.eventListener(listener);
            return this;
        }

        /** See {@link AcmeClient.Builder#allowInsecureHttpOnLoopback()}. */
        public Builder allowInsecureHttpOnLoopback() {
            client.allowInsecureHttpOnLoopback();
            return this;
        }

        /**
         * A new client with these settings, and the session on it.
         *
         * @throws IllegalStateException if both an {@link HttpClient} and client settings were given
         */
        public Session build() {
            AcmeClient built = client.build();
            return accountUrl == null ? built.session(accountKey) : built.session(accountKey, accountUrl);
        }
    }
}
