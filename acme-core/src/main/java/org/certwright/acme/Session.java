package org.certwright.acme;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyAuthorization;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.internal.Version;
import org.certwright.acme.internal.http.HttpTransport;
import org.certwright.acme.internal.http.NoncePool;
import org.certwright.acme.internal.protocol.AccountState;
import org.certwright.acme.internal.protocol.Protocol;
import org.certwright.acme.internal.protocol.RequestSender;
import org.certwright.acme.internal.protocol.Rfc8555Protocol;
import org.certwright.acme.internal.protocol.draft.DraftProtocol;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.ValidationFailedException;
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
 * <p>A session speaks RFC 8555 unless built with another {@link Dialect}: the 2015 draft ACME
 * started as ({@link Dialect#DRAFT_BARNES_ACME}) is built from its {@code new-reg} URL and returns
 * the same resources; operations the draft lacks throw
 * {@link org.certwright.acme.problem.NotSupportedByServerException}.
 */
public final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final URI serverUrl;
    private final Dialect dialect;
    private final AccountState account;
    private final HttpTransport transport;
    private final Protocol protocol;
    private final RequestSender sender;
    private final Poller poller;

    private Session(Builder b, HttpClient client) {
        this.serverUrl = b.directoryUrl;
        this.dialect = b.dialect;
        this.account = new AccountState(b.accountKey, Optional.ofNullable(b.accountUrl));
        NoncePool nonces = new NoncePool(64);
        this.transport = new HttpTransport(new HttpTransport.Config(client, userAgent(b.userAgent),
                Optional.ofNullable(b.acceptLanguage).map(Locale::toLanguageTag), b.requestTimeout, b.maxResponseBytes,
                100, b.allowInsecureLoopback, b.clock), nonces);
        if (b.dialect == Dialect.DRAFT_BARNES_ACME) {
            DraftProtocol draft = new DraftProtocol(b.directoryUrl, new RequestSender(transport, nonces, b.retryPolicy,
                    () -> {
                        throw new NotSupportedByServerException("draft-barnes-acme has no nonces");
                    }), account);
            this.protocol = draft;
            this.sender = draft.sender();
        } else {
            Rfc8555Protocol rfc = new Rfc8555Protocol(b.directoryUrl,
                    nonceSource -> new RequestSender(transport, nonces, b.retryPolicy, nonceSource),
                    account, b.clock, b.directoryRefreshInterval);
            this.protocol = rfc;
            this.sender = rfc.sender();
        }
        this.poller = new Poller(b.pollPolicy, b.clock);
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
        return serverUrl;
    }

    /** The wire format this session speaks. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The CA's directory. Fetched on first use and cached: a positive {@code Cache-Control: max-age}
     * is honoured; otherwise it is revalidated after the builder's directory refresh interval.
     * The draft dialect has no directory; it returns what the session has learned in the same
     * shape ({@code newAccount} is {@code new-reg}, {@code newAuthz} is known after registering)
     * without a request.
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

    /** The account as it is now. */
    public Registration fetchRegistration() throws AcmeException {
        return protocol.fetchRegistration();
    }

    /** Replaces the account's contacts, for example with new {@code mailto:} addresses. */
    public Registration updateContacts(List<URI> contacts) throws AcmeException {
        return protocol.updateContacts(List.copyOf(contacts));
    }

    /** Deactivates the account. This cannot be undone; the CA refuses every later request from it. */
    public Registration deactivateRegistration() throws AcmeException {
        return protocol.deactivateRegistration();
    }

    /**
     * Rolls the account over to a new key (RFC 8555 §7.3.5). Afterwards this session signs with
     * {@code newKey}; requests already in flight under the old key may fail.
     *
     * @throws org.certwright.acme.problem.AccountKeyInUseException if the new key already belongs
     *         to another account
     */
    public Registration changeAccountKey(AccountKey newKey) throws AcmeException {
        Objects.requireNonNull(newKey, "newKey");
        return protocol.changeAccountKey(newKey);
    }

    /** The first page of the account's orders; follow {@link OrderList#next()} for more. */
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
     */
    public Order newOrder(NewOrder request) throws AcmeException {
        Objects.requireNonNull(request, "request");
        return protocol.newOrder(request);
    }

    /** Creates an authorization ahead of an order, where the CA offers {@code newAuthz} (in the draft, {@code new-authz}). */
    public Authorization preAuthorize(Identifier identifier) throws AcmeException {
        return protocol.preAuthorize(identifier);
    }

    /** Follows a link and returns the target as it is now. */
    @SuppressWarnings("unchecked")
    public <T> T fetch(Link<T> link) throws AcmeException {
        Class<T> type = link.type();
        URI url = link.url();
        Object resource;
        if (type == Order.class) {
            resource = protocol.fetchOrder(url);
        } else if (type == Authorization.class) {
            resource = protocol.fetchAuthorization(url);
        } else if (type == Challenge.class) {
            resource = protocol.fetchChallenge(url);
        } else if (type == Certificate.class) {
            resource = protocol.fetchCertificate(url);
        } else if (type == OrderList.class) {
            resource = protocol.fetchOrderList(url);
        } else {
            throw new IllegalArgumentException("cannot fetch resources of type " + type.getName());
        }
        return (T) resource;
    }

    /** The order as it is now. */
    public Order refresh(Order order) throws AcmeException {
        return protocol.fetchOrder(order.url());
    }

    /** The authorization as it is now. */
    public Authorization refresh(Authorization authorization) throws AcmeException {
        return protocol.fetchAuthorization(authorization.url());
    }

    /** The challenge as it is now. */
    public Challenge refresh(Challenge challenge) throws AcmeException {
        return protocol.fetchChallenge(challenge.url());
    }

    /** The authorizations of an order, fetched in order. */
    public List<Authorization> authorizations(Order order) throws AcmeException {
        List<Authorization> out = new ArrayList<>();
        for (Link<Authorization> link : order.authorizations()) {
            out.add(fetch(link));
        }
        return out;
    }

    /** Deactivates an authorization, for example one no longer needed (RFC 8555 §7.5.2). */
    public Authorization deactivate(Authorization authorization) throws AcmeException {
        return protocol.deactivateAuthorization(authorization.url());
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
     */
    public ChallengeContext challengeContext(Authorization authorization, Challenge challenge) throws AcmeException {
        return protocol.challengeContext(authorization, challenge);
    }

    /**
     * Tells the CA to validate a challenge (RFC 8555 §7.5.1), with the empty response object
     * {@code {}}. Provision what the CA will check first.
     *
     * @throws IllegalArgumentException in the draft dialect, for a challenge whose response names
     *         what was provisioned ({@code simpleHttps}): use {@link #respond(ChallengeContext)}
     */
    public Challenge respond(Challenge challenge) throws AcmeException {
        return protocol.respond(challenge);
    }

    /**
     * Tells the CA to validate the challenge of a context, after its file, record or certificate
     * was provisioned, with the response its type needs: {@code {}} for every RFC 8555 type (exactly
     * as {@link #respond(Challenge)}); in the draft dialect, for {@code simpleHttps}, the
     * {@code path} the context's file was provisioned at.
     */
    public Challenge respond(ChallengeContext context) throws AcmeException {
        Objects.requireNonNull(context, "context");
        return protocol.respond(context);
    }

    /**
     * Waits until an authorization is no longer pending.
     *
     * @return the authorization, {@code valid} or in another final state such as {@code deactivated}
     * @throws ValidationFailedException (or a subclass naming the cause) if it became {@code invalid}
     * @throws org.certwright.acme.problem.PollTimeoutException if it did not settle in time
     */
    public Authorization awaitAuthorization(Authorization authorization) throws AcmeException {
        Authorization done = poller.poll(authorization, authorization.url(),
                () -> protocol.fetchAuthorization(authorization.url()), Authorization::status,
                Authorization::retryAfter, Session::isSettled);
        if (done.status() == Status.INVALID) {
            throw validationFailure(done);
        }
        return done;
    }

    /**
     * Waits until a challenge is no longer pending or processing.
     *
     * @throws ValidationFailedException (or a subclass) if it became {@code invalid}
     */
    public Challenge awaitChallenge(Challenge challenge) throws AcmeException {
        Challenge done = poller.poll(challenge, challenge.url(), () -> protocol.fetchChallenge(challenge.url()),
                Challenge::status, Challenge::retryAfter, Session::isSettled);
        if (done.status() == Status.INVALID) {
            Problem p = done.error().orElse(Problem.of(ProblemType.OTHER,
                    "challenge " + done.type() + " is invalid and the CA gave no reason"));
            throw ValidationFailedException.of(p, ProblemContext.of("POST", done.url(), 200));
        }
        return done;
    }

    /**
     * Waits until an order is neither {@code pending} nor {@code processing}: after its
     * authorizations are valid it becomes {@code ready}; after finalizing, {@code valid}.
     *
     * @throws ProblemException (a subclass for the order's error type) if it became {@code invalid}
     */
    public Order awaitOrder(Order order) throws AcmeException {
        Order done = poller.poll(order, order.url(), () -> protocol.fetchOrder(order.url()), Order::status,
                Order::retryAfter, Session::isSettled);
        if (done.status() == Status.INVALID) {
            Problem p = done.error().orElse(Problem.of(ProblemType.OTHER,
                    "order for " + done.identifiers() + " is invalid and the CA gave no reason"));
            throw ProblemException.of(p, ProblemContext.of("POST", done.url(), 200));
        }
        return done;
    }

    /**
     * Finalizes an order with a CSR (RFC 8555 §7.4) and returns the order from the CA's answer,
     * which may already be {@code valid}; if it is {@code processing}, {@link #awaitOrder} it.
     *
     * @throws IllegalArgumentException if the CSR does not name exactly the order's identifiers
     */
    public Order finalize(Order order, Csr csr) throws AcmeException {
        csr.requireIdentifiers(order.identifiers());
        return protocol.finalizeOrder(order, csr);
    }

    /**
     * Downloads the certificate of a {@code valid} order.
     *
     * @throws IllegalStateException if the order has no certificate yet
     */
    public Certificate downloadCertificate(Order order) throws AcmeException {
        certificateLink(order);
        return protocol.downloadCertificate(order);
    }

    /**
     * Downloads the certificate of a {@code valid} order in the chain that leads to
     * {@code preferredIssuer} (matched against the common name of the top issuer, then of any
     * issuer), looking at the alternates ({@code rel="alternate"}) when the default chain does not;
     * falls back to the default chain when none matches. An alternate that cannot be downloaded
     * (a broken link, a 404) is skipped with a warning in the log, as
     * {@link #downloadCertificate(Order, String, BiConsumer)} describes.
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
        certificateLink(order);
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
            LOG.info("no chain of {} leads to '{}'; using the default chain to '{}' (offered: {})", order.url(),
                    preferredIssuer, preferred.topIssuerName(),
                    candidates.stream().map(Certificate::topIssuerName).collect(Collectors.joining(", ")));
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

    private static Link<Certificate> certificateLink(Order order) {
        return order.certificate().orElseThrow(() -> new IllegalStateException(
                "order " + order.url() + " has no certificate; its status is " + order.status().wireValue()));
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

    /** The CA's renewal advice for a certificate, which must carry an Authority Key Identifier. */
    public RenewalInfo renewalInfo(X509Certificate certificate) throws AcmeException {
        return renewalInfo(CertificateId.of(certificate));
    }

    /** Revokes a certificate, signing with the account key (RFC 8555 §7.6). */
    public void revoke(X509Certificate certificate, RevocationReason reason) throws AcmeException {
        protocol.revoke(certificate, reason, Optional.empty());
    }

    /**
     * Revokes a certificate, signing with the certificate's own key, which works without the
     * account that ordered it (for example after a key compromise).
     */
    public void revoke(X509Certificate certificate, RevocationReason reason, KeyPair certificateKey)
            throws AcmeException {
        protocol.revoke(certificate, reason, Optional.of(AccountKey.of(certificateKey)));
    }

    /** What the session has sent so far. */
    public SessionStatistics statistics() {
        return new SessionStatistics(transport.requestCount(), sender.nonceRequests(), sender.badNonceRetries(),
                sender.otherRetries());
    }

    @Override
    public String toString() {
        return "Session[" + serverUrl + ", account=" + account.url().map(URI::toString).orElse("unknown") + "]";
    }

    /**
     * Whether polling can stop. {@code unknown} (the draft's status, or one this library does not
     * know) is not settled: the resource may still become valid.
     */
    private static boolean isSettled(Status status) {
        return status != Status.PENDING && status != Status.PROCESSING && status != Status.UNKNOWN;
    }

    private static ValidationFailedException validationFailure(Authorization authz) {
        Optional<Challenge> failed = authz.challenges().stream()
                .filter(c -> c.status() == Status.INVALID && c.error().isPresent())
                .findFirst();
        Problem p = failed.flatMap(Challenge::error)
                .orElse(Problem.of(ProblemType.OTHER, "the CA gave no reason"));
        String detail = "validation of " + authz.orderedIdentifier()
                + failed.map(c -> " by " + c.type()).orElse("") + " failed: " + p.detail().orElse(p.type().toString());
        Problem withIdentifier = new Problem(p.type(), p.title(), Optional.of(detail), p.status(), p.instance(),
                p.identifier().or(() -> Optional.of(authz.orderedIdentifier())), p.subproblems(), p.otherFields());
        return ValidationFailedException.of(withIdentifier, ProblemContext.of("POST", authz.url(), 200));
    }

    private static String userAgent(String product) {
        String ours = "Certwright/" + Version.VERSION + " (Java/" + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + ")";
        return product == null ? ours : product + " " + ours;
    }

    /**
     * Builds a {@link Session}. Either give an {@link HttpClient} or let the builder make one from
     * the TLS, proxy and timeout settings; not both.
     */
    public static final class Builder {
        private final URI directoryUrl;
        private final AccountKey accountKey;
        private URI accountUrl;
        private HttpClient httpClient;
        private SSLContext sslContext;
        private ProxySelector proxy;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private String userAgent;
        private Locale acceptLanguage;
        private Clock clock = Clock.systemUTC();
        private PollPolicy pollPolicy = PollPolicy.DEFAULT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration directoryRefreshInterval = Duration.ofHours(1);
        private Dialect dialect = Dialect.RFC8555;
        private long maxResponseBytes = 1 << 20;
        private boolean allowInsecureLoopback;
        private boolean clientSettingsGiven;

        private Builder(URI directoryUrl, AccountKey accountKey) {
            this.directoryUrl = Objects.requireNonNull(directoryUrl, "directoryUrl");
            this.accountKey = Objects.requireNonNull(accountKey, "accountKey");
        }

        /**
         * The wire format (default {@link Dialect#RFC8555}). With
         * {@link Dialect#DRAFT_BARNES_ACME} the builder's URL is the CA's {@code new-reg} URL. The
         * draft has no replay protection, so it is never chosen unless asked for here.
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
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

        /** The HTTP client to use, with its own TLS, proxy and timeout settings. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The TLS context for connections to the CA (for a private CA's trust anchors). */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            clientSettingsGiven = true;
            return this;
        }

        /** Trusts exactly these certificates for connections to the CA (a private or test CA). */
        public Builder trustedCertificates(List<X509Certificate> anchors) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : anchors) {
                    store.setCertificateEntry("anchor-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return sslContext(context);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot build a trust store: " + e.getMessage(), e);
            }
        }

        /** Trusts exactly the certificates in a PEM file for connections to the CA. */
        public Builder trustedCertificates(Path pemFile) throws IOException {
            return trustedCertificates(Pem.readCertificates(Files.readString(pemFile)));
        }

        /** The proxy selector for connections to the CA. */
        public Builder proxy(ProxySelector selector) {
            this.proxy = Objects.requireNonNull(selector, "selector");
            clientSettingsGiven = true;
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            clientSettingsGiven = true;
            return this;
        }

        /** How long to wait for each response (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * A product token put before the library's own in {@code User-Agent}, for example
         * {@code "myapp/2.1"} (RFC 8555 §6.1 asks clients to identify themselves).
         */
        public Builder userAgent(String productToken) {
            if (productToken.isBlank() || productToken.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("User-Agent product token is empty or has control characters");
            }
            this.userAgent = productToken;
            return this;
        }

        /** The language for human-readable problem details ({@code Accept-Language}). */
        public Builder acceptLanguage(Locale locale) {
            this.acceptLanguage = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /** The clock for deadlines and {@code Retry-After}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to poll (default {@link PollPolicy#DEFAULT}). */
        public Builder pollPolicy(PollPolicy policy) {
            this.pollPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** What to retry (default {@link RetryPolicy#DEFAULT}). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long the directory is used before it is revalidated, when the CA's
         * {@code Cache-Control} gives no positive {@code max-age} (default one hour).
         */
        public Builder directoryRefreshInterval(Duration interval) {
            this.directoryRefreshInterval = positive(interval, "directoryRefreshInterval");
            return this;
        }

        /** The largest response body accepted (default 1 MiB). */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024: " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Allows plain {@code http://} URLs to loopback addresses, for a CA running on the same
         * machine in tests. HTTPS is required otherwise, and TLS certificates are always verified.
         */
        public Builder allowInsecureHttpOnLoopback() {
            this.allowInsecureLoopback = true;
            return this;
        }

        /**
         * The session.
         *
         * @throws IllegalStateException if both an {@link HttpClient} and client settings were given
         */
        public Session build() {
            if (httpClient != null && clientSettingsGiven) {
                throw new IllegalStateException("give either an HttpClient or TLS/proxy/connect-timeout settings, not both");
            }
            HttpClient client = httpClient;
            if (client == null) {
                HttpClient.Builder hb = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(connectTimeout);
                if (sslContext != null) {
                    hb.sslContext(sslContext);
                }
                if (proxy != null) {
                    hb.proxy(proxy);
                }
                client = hb.build();
            }
            return new Session(this, client);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
