package org.certwright.acme.internal.protocol.draft;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Challenge;
import org.certwright.acme.Directory;
import org.certwright.acme.DraftFields;
import org.certwright.acme.Identifier;
import org.certwright.acme.Link;
import org.certwright.acme.NewOrder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.OrderList;
import org.certwright.acme.Registration;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.jose.JwsSigner;
import org.certwright.acme.internal.json.Json;
import org.certwright.acme.internal.protocol.AccountState;
import org.certwright.acme.internal.protocol.Protocol;
import org.certwright.acme.internal.protocol.RequestSender;
import org.certwright.acme.internal.protocol.StatusText;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The draft-barnes-acme dialect (-01 and -02, 2015), the wire format ACME started with.
 *
 * <p>The client is configured with the {@code new-reg} URL only and finds the rest by following
 * links: {@code Link rel="next"} from the registration to {@code new-authz}, and from an
 * authorization to {@code new-cert}; {@code Link rel="up"} from a certificate to its issuer. POST
 * bodies are JWS objects whose header holds {@code alg} and {@code jwk} and nothing else: no
 * nonce, no URL, no account URL. Resources are read by unauthenticated GET.
 *
 * <p>The draft has no orders. {@link #newOrder} creates one authorization per identifier and
 * returns a client-side order ({@code urn:certwright:draft-order:<uuid>}) whose status is computed
 * from its authorizations and whose finalize URL is {@code new-cert}; such orders, and what is
 * needed later to revoke a certificate issued here, are kept in bounded memory.
 *
 * <p>Thread-safe; no lock is held across network I/O.
 */
public final class DraftProtocol implements Protocol {

    /** The dialect's name, for messages about what it lacks. */
    static final String NAME = "draft-barnes-acme";

    private static final Logger LOG = LoggerFactory.getLogger(DraftProtocol.class);
    private static final String PKIX_CERT = "application/pkix-cert";
    private static final String ORDER_URN = "urn:certwright:draft-order:";
    /** How many issuer links are followed from a certificate. */
    static final int MAX_CHAIN_LINKS = 10;
    private static final int MAX_REMEMBERED = 1000;
    /** Entropy of a simpleHttps path the client chooses: 128 bits, as the draft's examples. */
    private static final int PATH_BYTES = 16;
    private static final String PATH_MAC = "HmacSHA256";

    private final URI newRegUrl;
    private final RequestSender sender;
    private final AccountState account;
    private final AtomicReference<URI> newAuthzUrl = new AtomicReference<>();
    private final AtomicReference<URI> newCertUrl = new AtomicReference<>();
    private final AtomicReference<URI> termsOfService = new AtomicReference<>();
    private final BoundedMap<URI, DraftOrder> orders = new BoundedMap<>(MAX_REMEMBERED);
    /** The authorizations a certificate was issued under, by certificate URL, for revocation. */
    private final BoundedMap<URI, List<URI>> certificateAuthorizations = new BoundedMap<>(MAX_REMEMBERED);
    /** Certificate URLs by the SHA-256 of the certificate, for revocation. */
    private final BoundedMap<String, URI> certificateUrls = new BoundedMap<>(MAX_REMEMBERED);
    /**
     * The key simpleHttps paths are derived with: random per session, so a path cannot be guessed
     * from the public challenge, yet the same challenge always gets the same path without
     * remembering it (see {@link #simpleHttpsPath}).
     */
    private final SecretKeySpec pathKey;

    /** A client-side order: the authorizations made for it and, once issued, its certificate. */
    private record DraftOrder(URI url, List<Identifier> identifiers, List<URI> authorizations, URI newCert,
                              Optional<Certificate> certificate) {
    }

    /**
     * Creates the dialect.
     *
     * @param newRegUrl the {@code new-reg} URL the session was built with
     * @param sender    sends requests; the draft uses only its GET and nonce-less POST
     * @param account   the account key, and the registration URL once known
     */
    public DraftProtocol(URI newRegUrl, RequestSender sender, AccountState account) {
        this.newRegUrl = newRegUrl;
        this.sender = sender;
        this.account = account;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.pathKey = new SecretKeySpec(key, PATH_MAC);
    }

    /** The request sender, for statistics. */
    public RequestSender sender() {
        return sender;
    }

    // ---- the "directory" ---------------------------------------------------------------------

    /**
     * The draft has no directory; this is what the session has learned, in the same shape:
     * {@code newAccount} is {@code new-reg}, {@code newAuthz} is known after registering, the
     * terms of service once the CA linked to them. No request is sent.
     */
    @Override
    public Directory directory() {
        Directory.Meta meta = Directory.Meta.builder()
                .termsOfService(Optional.ofNullable(termsOfService.get()))
                .build();
        return Directory.builder(newRegUrl, newRegUrl)
                .newAuthz(Optional.ofNullable(newAuthzUrl.get()))
                .meta(meta)
                .build();
    }

    // ---- registration ------------------------------------------------------------------------

    @Override
    public URI accountUrl() throws AcmeException {
        return account.url().orElseThrow(() -> new AcmeException("no registration is known for this key at "
                + newRegUrl + ": register first, or give the session builder the registration URL ("
                + NAME + " cannot look a registration up by key)"));
    }

    /**
     * Registers: {@code POST new-reg {"contact": [...]}}; {@code 201} with the registration URL in
     * {@code Location}, {@code new-authz} in {@code Link rel="next"} and, in -02, the terms in
     * {@code Link rel="terms-of-service"}. If the caller agreed to the terms and the CA linked
     * some, a second request agrees to them: {@code POST <registration> {"agreement": <terms>}}.
     */
    @Override
    public Registration register(NewRegistration request) throws AcmeException {
        if (request.externalAccountBinding().isPresent()) {
            throw unsupported("external account binding");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        if (!request.contacts().isEmpty()) {
            payload.put("contact", request.contacts().stream().map(URI::toString).toList());
        }
        Response r;
        try {
            r = post(newRegUrl, payload, null);
        } catch (ProblemException e) {
            // Not in the draft, but what its one large implementation did for a key that is
            // already registered: 409 Conflict naming the registration.
            if (e.httpStatus().orElse(0) == 409 && e.context().location().isPresent()) {
                account.setUrl(e.context().location().get());
                LOG.debug("registration {} exists for this key", e.context().location().get());
                return agreeIfAsked(request, fetchRegistration());
            }
            throw e;
        }
        URI url = requireLocation(r, "new-reg");
        account.setUrl(url);
        learn(r);
        if (newAuthzUrl.get() == null) {
            LOG.warn("the new-reg response of {} has no Link rel=\"next\" to new-authz; authorizations cannot be "
                    + "requested", newRegUrl);
        }
        LOG.debug("registration {} created", url);
        return agreeIfAsked(request, DraftParser.registration(r, url));
    }

    private Registration agreeIfAsked(NewRegistration request, Registration registration) throws AcmeException {
        Optional<URI> terms = registration.termsOfService().or(() -> Optional.ofNullable(termsOfService.get()));
        if (terms.isEmpty() || DraftFields.agreement(registration).equals(terms)) {
            return registration;
        }
        if (!request.termsOfServiceAgreed()) {
            LOG.info("the CA asks for agreement to {}; the registration request did not agree", terms.get());
            return registration;
        }
        Response r = post(registration.url(), Map.of("agreement", terms.get().toString()), null);
        learn(r);
        Registration updated = DraftParser.registration(r, registration.url());
        // The recovery token may come only with the first response; keep it.
        Map<String, Object> other = new LinkedHashMap<>(registration.otherFields());
        other.putAll(updated.otherFields());
        return updated.toBuilder()
                .termsOfService(updated.termsOfService().or(() -> terms))
                .otherFields(other)
                .build();
    }

    @Override
    public Optional<Registration> findRegistration() throws AcmeException {
        if (account.url().isEmpty()) {
            throw unsupported("looking up a registration by key (register, or give the builder the registration URL)");
        }
        return Optional.of(fetchRegistration());
    }

    /**
     * The registration as it is now. The draft asks servers not to answer GET for registrations,
     * so this is an update that changes nothing: {@code POST <registration> {}}.
     */
    @Override
    public Registration fetchRegistration() throws AcmeException {
        URI url = accountUrl();
        Response r = post(url, Map.of(), null);
        learn(r);
        return DraftParser.registration(r, url);
    }

    @Override
    public Registration updateContacts(List<URI> contacts) throws AcmeException {
        URI url = accountUrl();
        Response r = post(url, Map.of("contact", contacts.stream().map(URI::toString).toList()), null);
        learn(r);
        return DraftParser.registration(r, url);
    }

    @Override
    public Registration deactivateRegistration() throws AcmeException {
        throw unsupported("registration deactivation");
    }

    @Override
    public Registration changeAccountKey(AccountKey newKey) throws AcmeException {
        throw unsupported("key rollover");
    }

    // ---- authorizations and client-side orders -----------------------------------------------

    @Override
    public Authorization preAuthorize(Identifier identifier) throws AcmeException {
        return newAuthorization(identifier);
    }

    /**
     * {@code POST new-authz {"identifier": {"type": "dns", "value": ...}}}; {@code 201} with the
     * authorization URL in {@code Location} and {@code new-cert} in {@code Link rel="next"}.
     */
    private Authorization newAuthorization(Identifier identifier) throws AcmeException {
        if (!identifier.isDns() || identifier.isWildcard()) {
            throw new NotSupportedByServerException(NAME + " authorizes DNS names only, without wildcards, not "
                    + identifier);
        }
        URI url = Optional.ofNullable(newAuthzUrl.get()).orElseThrow(() -> new AcmeException(
                "the new-authz URL is unknown: no registration response from " + newRegUrl + " had a Link rel=\"next\""
                        + " (register first; " + NAME + " finds new-authz only that way)"));
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("type", Identifier.TYPE_DNS);
        id.put("value", identifier.value());
        Response r = post(url, Map.of("identifier", id), null);
        URI location = requireLocation(r, "new-authz");
        Optional<URI> next = r.links("next").stream().findFirst();
        if (next.isPresent()) {
            newCertUrl.set(next.get());
        } else if (newCertUrl.get() == null) {
            throw new AcmeProtocolException("the new-authz response has no Link rel=\"next\" to new-cert",
                    r.method(), r.url(), r.status());
        }
        Authorization authorization = DraftParser.authorization(r, location);
        LOG.debug("authorization {} for {}: {}", location, identifier, authorization.status());
        return authorization;
    }

    /**
     * Creates one authorization per identifier and returns a client-side order for them. The
     * draft has no validity period, profiles or replacement; asking for them fails.
     */
    @Override
    public Order newOrder(NewOrder request) throws AcmeException {
        if (request.notBefore().isPresent() || request.notAfter().isPresent()) {
            throw unsupported("requesting a validity period (notBefore/notAfter)");
        }
        if (request.profile().isPresent()) {
            throw unsupported("certificate profiles");
        }
        if (request.replaces().isPresent()) {
            throw unsupported("replacing a certificate (ARI replaces)");
        }
        List<Authorization> authorizations = new ArrayList<>();
        for (Identifier identifier : request.identifiers()) {
            authorizations.add(newAuthorization(identifier));
        }
        DraftOrder order = new DraftOrder(URI.create(ORDER_URN + UUID.randomUUID()), request.identifiers(),
                authorizations.stream().map(Authorization::url).toList(), newCertUrl.get(), Optional.empty());
        orders.put(order.url(), order);
        LOG.debug("client-side order {} for {}", order.url(), order.identifiers());
        return toOrder(order, authorizations);
    }

    /** A client-side order as it is now: its authorizations are fetched again. */
    @Override
    public Order fetchOrder(URI url) throws AcmeException {
        DraftOrder order = knownOrder(url);
        if (order.certificate().isPresent()) {
            return toOrder(order, List.of());
        }
        List<Authorization> authorizations = new ArrayList<>();
        for (URI authorization : order.authorizations()) {
            authorizations.add(fetchAuthorization(authorization));
        }
        return toOrder(order, authorizations);
    }

    private DraftOrder knownOrder(URI url) throws AcmeException {
        return orders.get(url).orElseThrow(() -> new AcmeException("unknown order " + url + ": " + NAME
                + " has no orders, and the client-side ones exist only in the session that created them"));
    }

    /**
     * The order's status from its authorizations: {@code valid} once a certificate was issued,
     * {@code invalid} if any authorization failed, {@code ready} when all are valid, else
     * {@code pending}.
     */
    private static Order toOrder(DraftOrder order, List<Authorization> authorizations) {
        Status status;
        if (order.certificate().isPresent()) {
            status = Status.VALID;
        } else if (authorizations.stream().anyMatch(a -> a.status() == Status.INVALID || a.status() == Status.REVOKED
                || a.status() == Status.EXPIRED || a.status() == Status.DEACTIVATED)) {
            status = Status.INVALID;
        } else if (authorizations.stream().allMatch(a -> a.status() == Status.VALID)) {
            status = Status.READY;
        } else {
            status = Status.PENDING;
        }
        Optional<java.time.Instant> retryAfter = authorizations.stream()
                .map(Authorization::retryAfter).flatMap(Optional::stream).max(java.time.Instant::compareTo);
        return Order.builder(order.url(), status, order.newCert())
                .identifiers(order.identifiers())
                .authorizations(order.authorizations().stream().map(Link::authorization).toList())
                .certificate(order.certificate().map(c -> Link.certificate(c.url())))
                .retryAfter(retryAfter)
                .build();
    }

    @Override
    public OrderList orders() throws AcmeException {
        throw unsupported("listing an account's orders");
    }

    @Override
    public OrderList fetchOrderList(URI url) throws AcmeException {
        throw unsupported("order lists");
    }

    /** {@code GET <authorization>}, unauthenticated, as the draft polls. */
    @Override
    public Authorization fetchAuthorization(URI url) throws AcmeException {
        return DraftParser.authorization(sender.get(url, "application/json", Set.of(), Map.of()), url);
    }

    @Override
    public Challenge fetchChallenge(URI url) throws AcmeException {
        return DraftParser.challenge(sender.get(url, "application/json", Set.of(), Map.of()), url);
    }

    @Override
    public Authorization deactivateAuthorization(URI url) throws AcmeException {
        throw unsupported("authorization deactivation");
    }

    // ---- challenges --------------------------------------------------------------------------

    /**
     * What a responder provisions: for {@code simpleHttps} the token as {@code text/plain} at a
     * path the client chooses (128 bits, base64url) under {@code /.well-known/acme-challenge/},
     * the same for every call with the same challenge in this session, served over
     * HTTPS; for {@code dns} the token in a TXT record at {@code _acme-challenge.<domain>}. The
     * draft has no key authorizations. A token with non-ASCII characters, which the draft
     * forbids, gets no file or record, so no responder will take it.
     */
    @Override
    public ChallengeContext challengeContext(Authorization authorization, Challenge challenge) throws AcmeException {
        URI registration = accountUrl();
        Identifier identifier = authorization.identifier();
        Optional<String> token = usableToken(challenge);
        Optional<HttpResource> http = Optional.empty();
        Optional<DnsRecord> dns = Optional.empty();
        if (Challenge.SIMPLE_HTTPS.equals(challenge.type())) {
            http = token.map(t -> new HttpResource(simpleHttpsPath(challenge.url(), t), t, "text/plain"));
        } else if (Challenge.DNS.equals(challenge.type())) {
            dns = token.map(t -> new DnsRecord("_acme-challenge." + identifier.value(), t, false));
        }
        return new ChallengeContext(identifier, challenge, registration, account.key().publicKey(), Optional.empty(),
                http, dns, Optional.empty());
    }

    /**
     * Answers with the response fields of the challenge's type: {@code simpleHttps} with the
     * {@code path} the file was provisioned at, {@code dns} with just its type. Every draft
     * response carries {@code type} ("they MUST contain a parameter type").
     */
    @Override
    public Challenge respond(ChallengeContext context) throws AcmeException {
        Challenge challenge = context.challenge();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("type", challenge.type());
        if (Challenge.SIMPLE_HTTPS.equals(challenge.type())) {
            HttpResource file = context.httpResource().orElseThrow(() -> new IllegalArgumentException(
                    "the simpleHttps challenge " + challenge.url() + " has no provisioned file to name"));
            response.put("path", file.name());
        }
        return send(challenge, response);
    }

    /**
     * Answers a challenge with the same response its context would give: {@code simpleHttps} with
     * the path {@link #challengeContext} provisions for it (which depends only on the challenge),
     * other types with only a {@code type}.
     *
     * @throws IllegalArgumentException for a {@code simpleHttps} challenge without a usable token,
     *                                  for which no file can have been provisioned
     */
    @Override
    public Challenge respond(Challenge challenge) throws AcmeException {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("type", challenge.type());
        if (Challenge.SIMPLE_HTTPS.equals(challenge.type())) {
            String token = usableToken(challenge).orElseThrow(() -> new IllegalArgumentException(
                    "the simpleHttps challenge " + challenge.url() + " has no usable token, so no file was provisioned"
                            + " for it"));
            response.put("path", simpleHttpsPath(challenge.url(), token));
        }
        return send(challenge, response);
    }

    private Challenge send(Challenge challenge, Map<String, Object> response) throws AcmeException {
        Response r = post(challenge.url(), response, null);
        if (r.body().length == 0) {
            return challenge;
        }
        Challenge updated = DraftParser.challenge(r, challenge.url());
        return updated.authorization().isPresent() ? updated
                : updated.toBuilder().authorization(challenge.authorization()).build();
    }

    // ---- certificates ------------------------------------------------------------------------

    /**
     * {@code POST new-cert {"csr": ..., "authorizations": [...]}} with
     * {@code Accept: application/pkix-cert}; {@code 201} with the DER certificate, its URL in
     * {@code Location} and the issuers behind {@code Link rel="up"}, which are fetched here. The
     * order comes back {@code valid}, with the certificate.
     */
    @Override
    public Order finalizeOrder(Order order, Csr csr) throws AcmeException {
        List<URI> authorizations = order.authorizations().stream().map(Link::url).toList();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("csr", Base64.getUrlEncoder().withoutPadding().encodeToString(csr.der()));
        payload.put("authorizations", authorizations.stream().map(URI::toString).toList());
        Response r = post(order.finalizeUrl(), payload, PKIX_CERT);
        URI url = requireLocation(r, "new-cert");
        Certificate certificate = chain(r, url);
        certificateAuthorizations.put(url, authorizations);
        remember(certificate);
        DraftOrder issued = new DraftOrder(order.url(), order.identifiers(), authorizations, order.finalizeUrl(),
                Optional.of(certificate));
        orders.put(order.url(), issued);
        LOG.debug("certificate {} issued for {}", url, order.identifiers());
        return toOrder(issued, List.of());
    }

    /** {@code GET <certificate>}: the certificate as the CA has it now (the draft's refresh). */
    @Override
    public Certificate fetchCertificate(URI url) throws AcmeException {
        Certificate certificate = chain(sender.get(url, PKIX_CERT, Set.of(), Map.of()), url);
        remember(certificate);
        return certificate;
    }

    /** The certificate that came with the new-cert response, without fetching it again. */
    @Override
    public Certificate downloadCertificate(Order order) throws AcmeException {
        Link<Certificate> link = order.certificate().orElseThrow(() -> new IllegalStateException(
                "order " + order.url() + " has no certificate; its status is "
                        + StatusText.of(order.status(), order.otherFields())));
        Optional<Certificate> issued = orders.get(order.url()).flatMap(DraftOrder::certificate)
                .filter(c -> c.url().equals(link.url()));
        return issued.isPresent() ? issued.get() : fetchCertificate(link.url());
    }

    /** The DER certificate of a response and its issuers, following {@code up} links (at most 10). */
    private Certificate chain(Response r, URI url) throws AcmeException {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(der(r));
        Set<URI> seen = new LinkedHashSet<>();
        seen.add(url);
        Optional<URI> up = r.links("up").stream().findFirst();
        while (up.isPresent() && seen.add(up.get())) {
            if (seen.size() > MAX_CHAIN_LINKS + 1) {
                throw new AcmeProtocolException("the chain of " + url + " has more than " + MAX_CHAIN_LINKS
                        + " issuer links", "GET", up.get(), -1);
            }
            Response issuer = sender.get(up.get(), PKIX_CERT, Set.of(), Map.of());
            chain.add(der(issuer));
            up = issuer.links("up").stream().findFirst();
        }
        return Certificate.builder(url, chain).build();
    }

    private static X509Certificate der(Response r) throws AcmeProtocolException {
        String type = r.mediaType();
        if (!type.isEmpty() && !type.equals(PKIX_CERT)) {
            throw new AcmeProtocolException("expected a certificate as " + PKIX_CERT + ", got Content-Type '" + type
                    + "'", r.method(), r.url(), r.status());
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            ByteArrayInputStream in = new ByteArrayInputStream(r.body());
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(in);
            if (in.available() > 0) {
                throw new CertificateException(in.available() + " bytes after the certificate");
            }
            return certificate;
        } catch (CertificateException | ClassCastException e) {
            throw new AcmeProtocolException("the body is not a DER certificate: " + e.getMessage(), r.method(),
                    r.url(), r.status(), e);
        }
    }

    private void remember(Certificate certificate) {
        certificateUrls.put(fingerprint(certificate.leaf()), certificate.url());
    }

    @Override
    public RenewalInfo renewalInfo(CertificateId id) throws AcmeException {
        throw unsupported("renewal information (ARI)");
    }

    /**
     * {@code POST <certificate> {"revoke": "now", "authorizations": [...]}}, signed with the
     * account key or the certificate's own. The draft names the certificate by its URL and proves
     * authority with the authorizations, so only a certificate this session issued (or fetched)
     * can be revoked. The draft has no reason codes; the reason is not sent.
     */
    @Override
    public void revoke(X509Certificate certificate, RevocationReason reason, Optional<AccountKey> certificateKey)
            throws AcmeException {
        String fingerprint = fingerprint(certificate);
        Optional<URI> known = certificateUrls.get(fingerprint);
        Optional<List<URI>> authorizations = known.flatMap(certificateAuthorizations::get);
        if (known.isEmpty() || authorizations.isEmpty()) {
            throw new AcmeException("cannot revoke certificate " + certificate.getSerialNumber().toString(16) + ": "
                    + NAME + " revokes by POST to the certificate's URL with the authorizations it was issued under,"
                    + " and this session did not issue it");
        }
        URI url = known.get();
        if (reason != RevocationReason.UNSPECIFIED) {
            LOG.info("{} has no revocation reasons; revoking {} without '{}'", NAME, url, reason);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("revoke", "now");
        payload.put("authorizations", authorizations.get().stream().map(URI::toString).toList());
        post(url, payload, null, certificateKey.orElse(account.key()));
        LOG.info("revoked certificate {}", url);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Response post(URI url, Map<String, ?> payload, String accept) throws AcmeException {
        return post(url, payload, accept, account.key());
    }

    private Response post(URI url, Map<String, ?> payload, String accept, AccountKey key) throws AcmeException {
        return sender.postWithoutNonce(url, JwsSigner.signDraft(key, Json.write(payload)), accept);
    }

    /** Remembers the links a registration response carries: {@code next} and the terms of service. */
    private void learn(Response r) {
        r.links("next").stream().findFirst().ifPresent(newAuthzUrl::set);
        r.links("terms-of-service").stream().findFirst().ifPresent(termsOfService::set);
    }

    private static URI requireLocation(Response r, String what) throws AcmeProtocolException {
        return r.location().orElseThrow(() -> new AcmeProtocolException(
                "the " + what + " response has no Location header", r.method(), r.url(), r.status()));
    }

    private static NotSupportedByServerException unsupported(String what) {
        return new NotSupportedByServerException(NAME + " has no " + what);
    }

    /**
     * The path for a simpleHttps challenge: a keyed hash of its URL and token under the session's
     * random key. Deterministic, so the context a responder provisioned and the one a response is
     * built from name the same file however often the context is asked for, with nothing to
     * remember or evict; unpredictable to anyone without the key, as the draft's random path is.
     */
    private String simpleHttpsPath(URI challengeUrl, String token) {
        try {
            Mac mac = Mac.getInstance(PATH_MAC);
            mac.init(pathKey);
            // A separator that appears in neither a URI nor an ASCII token keeps the input unambiguous.
            byte[] digest = mac.doFinal((challengeUrl + "\n" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, PATH_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(PATH_MAC + " is missing from this JDK", e);
        }
    }

    /** The token, if the draft allows it: non-empty ASCII. */
    private static Optional<String> usableToken(Challenge challenge) {
        return challenge.token().filter(DraftProtocol::isAscii).filter(t -> !t.isEmpty());
    }

    private static boolean isAscii(String s) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(s);
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
