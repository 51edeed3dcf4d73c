package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Challenge;
import org.certwright.acme.Directory;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.Identifier;
import org.certwright.acme.Link;
import org.certwright.acme.NewOrder;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.OrderList;
import org.certwright.acme.Registration;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.jose.Jwks;
import org.certwright.acme.internal.jose.JwsSigner;
import org.certwright.acme.problem.AccountDoesNotExistException;
import org.certwright.acme.problem.AccountKeyInUseException;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.internal.text.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 8555 dialect: a directory, nonces, {@code kid}-signed POST-as-GET, orders, PEM chains,
 * and the extensions that hang off the directory (RFC 8738 IP identifiers, RFC 9773 ARI, the
 * profiles draft).
 */
public final class Rfc8555Protocol implements Protocol {

    private static final Logger LOG = LoggerFactory.getLogger(Rfc8555Protocol.class);
    private static final String PEM_CHAIN = "application/pem-certificate-chain";

    private final URI directoryUrl;
    private final RequestSender sender;
    private final DirectoryCache directories;
    private final AccountState account;

    /**
     * Creates the dialect for one account.
     *
     * @param directories the CA's directory, shared by every account of a client
     * @param sender      sends requests, shared by every account of a client
     * @param account     this session's account key and URL
     */
    public Rfc8555Protocol(DirectoryCache directories, RequestSender sender, AccountState account) {
        this.directoryUrl = directories.url();
        this.directories = directories;
        this.sender = sender;
        this.account = account;
    }

    /** The request sender, for statistics. */
    public RequestSender sender() {
        return sender;
    }

    // ---- directory -------------------------------------------------------------------------

    /**
     * The cached directory, or a fresh one. One thread fetches; the others wait for its result,
     * with a deadline, or keep using a stale copy meanwhile. A waiter whose fetching thread was
     * interrupted fetches itself instead of inheriting that interrupt.
     */
    @Override
    public Directory directory() throws AcmeException {
        return directories.directory();
    }

    private URI endpoint(Optional<URI> url, String name) throws AcmeException {
        return url.orElseThrow(() -> new NotSupportedByServerException("the CA's directory has no " + name + " endpoint"));
    }

    // ---- accounts --------------------------------------------------------------------------

    @Override
    public URI accountUrl() throws AcmeException {
        Optional<URI> known = account.url();
        if (known.isPresent()) {
            return known.get();
        }
        Registration found = findRegistration().orElseThrow(() -> new AcmeException(
                "no account exists for this key at " + directoryUrl + "; register one first"));
        return found.url();
    }

    private JwsSigner.Identity kid() throws AcmeException {
        URI url = accountUrl();
        return new JwsSigner.KeyId(account.key(), url);
    }

    @Override
    public Registration register(NewRegistration request) throws AcmeException {
        URI url = directory().newAccount();
        Map<String, Object> payload = new LinkedHashMap<>();
        if (!request.contacts().isEmpty()) {
            payload.put("contact", request.contacts().stream().map(URI::toString).toList());
        }
        if (request.termsOfServiceAgreed()) {
            payload.put("termsOfServiceAgreed", true);
        }
        Optional<ExternalAccountBinding> eab = request.externalAccountBinding();
        if (eab.isPresent()) {
            payload.put("externalAccountBinding", JwsSigner.externalAccountBinding(eab.get(), account.key(), url));
        }
        return newAccountRequest(url, payload);
    }

    @Override
    public Optional<Registration> findRegistration() throws AcmeException {
        URI url = directory().newAccount();
        try {
            return Optional.of(newAccountRequest(url, Map.of("onlyReturnExisting", true)));
        } catch (AccountDoesNotExistException e) {
            return Optional.empty();
        }
    }

    private Registration newAccountRequest(URI url, Map<String, Object> payload) throws AcmeException {
        Response r = sender.post(url, new JwsSigner.EmbeddedJwk(account.key()), Optional.of(payload), null);
        URI accountUrl = requireLocation(r, "account");
        account.setUrl(accountUrl);
        LOG.debug("account {} ({})", SafeText.of(accountUrl), r.status() == 201 ? "created" : "existing");
        return Rfc8555Parser.registration(r, accountUrl);
    }

    @Override
    public Registration fetchRegistration() throws AcmeException {
        URI url = accountUrl();
        return Rfc8555Parser.registration(sender.post(url, kid(), Optional.empty(), null), url);
    }

    @Override
    public Registration updateContacts(List<URI> contacts) throws AcmeException {
        URI url = accountUrl();
        Map<String, Object> payload = Map.of("contact", contacts.stream().map(URI::toString).toList());
        return Rfc8555Parser.registration(sender.post(url, kid(), Optional.of(payload), null), url);
    }

    @Override
    public Registration deactivateRegistration() throws AcmeException {
        URI url = accountUrl();
        return Rfc8555Parser.registration(
                sender.post(url, kid(), Optional.of(Map.of("status", "deactivated")), null), url);
    }

    @Override
    public Registration changeAccountKey(AccountKey newKey) throws AcmeException {
        URI keyChange = endpoint(directory().keyChange(), "keyChange");
        URI accountUrl = accountUrl();
        AccountKey oldKey = account.key();
        Map<String, Object> inner = JwsSigner.sign(new JwsSigner.EmbeddedJwk(newKey),
                org.certwright.acme.internal.json.Json.write(Map.of(
                        "account", accountUrl.toString(),
                        "oldKey", Jwks.toJwk(oldKey.publicKey()).toJSONObject())),
                keyChange, Optional.empty());
        Response r;
        try {
            r = sender.post(keyChange, new JwsSigner.KeyId(oldKey, accountUrl), Optional.of(inner), null);
        } catch (ProblemException e) {
            if (e.httpStatus().orElse(0) == 409) {
                throw new AccountKeyInUseException(e.problem(), e.context());
            }
            throw e;
        }
        account.replaceKey(newKey);
        LOG.info("account {} now uses a new key", SafeText.of(accountUrl));
        if (r.body().length > 0 && r.mediaType().equals("application/json")) {
            return Rfc8555Parser.registration(r, accountUrl);
        }
        return fetchRegistration();
    }

    // ---- orders and authorizations ---------------------------------------------------------

    @Override
    public Order newOrder(NewOrder request) throws AcmeException {
        Directory dir = directory();
        URI url = endpoint(dir.newOrder(), "newOrder");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("identifiers", request.identifiers().stream().map(Rfc8555Protocol::identifierJson).toList());
        request.notBefore().ifPresent(t -> payload.put("notBefore", t.toString()));
        request.notAfter().ifPresent(t -> payload.put("notAfter", t.toString()));
        if (request.profile().isPresent()) {
            String profile = request.profile().get();
            if (dir.meta().profiles().isEmpty()) {
                throw new NotSupportedByServerException("the CA advertises no certificate profiles, so profile '"
                        + profile + "' cannot be requested");
            }
            if (!dir.meta().profiles().containsKey(profile)) {
                throw new NotSupportedByServerException("the CA has no profile '" + profile + "'; it offers "
                        + dir.meta().profiles().keySet());
            }
            payload.put("profile", profile);
        }
        if (request.replaces().isPresent()) {
            if (dir.renewalInfo().isPresent()) {
                payload.put("replaces", request.replaces().get().value());
            } else {
                // RFC 9773 §5: only send replaces to a CA that offers ARI.
                LOG.debug("not sending replaces={}: the CA does not offer renewalInfo", request.replaces().get());
            }
        }
        Response r = sender.post(url, kid(), Optional.of(payload), null);
        URI orderUrl = requireLocation(r, "order");
        Order order = Rfc8555Parser.order(r, orderUrl);
        OrderCheck.requireAsRequested(request.identifiers(), order, r.status());
        LOG.debug("order {} for {}: {}", SafeText.of(orderUrl), SafeText.of(order.identifiers()), order.status());
        return order;
    }

    @Override
    public Authorization preAuthorize(Identifier identifier) throws AcmeException {
        if (identifier.isWildcard()) {
            throw new IllegalArgumentException("wildcard identifiers cannot be pre-authorized (RFC 8555 §7.4.1): "
                    + identifier);
        }
        URI url = endpoint(directory().newAuthz(), "newAuthz (pre-authorization)");
        Response r = sender.post(url, kid(), Optional.of(Map.of("identifier", identifierJson(identifier))), null);
        return Rfc8555Parser.authorization(r, requireLocation(r, "authorization"));
    }

    @Override
    public Order fetchOrder(URI url) throws AcmeException {
        return Rfc8555Parser.order(sender.post(url, kid(), Optional.empty(), null), url);
    }

    @Override
    public OrderList orders() throws AcmeException {
        Link<OrderList> link = fetchRegistration().orders().orElseThrow(() -> new NotSupportedByServerException(
                "the CA does not list the account's orders"));
        return fetchOrderList(link.url());
    }

    @Override
    public OrderList fetchOrderList(URI url) throws AcmeException {
        return Rfc8555Parser.orderList(sender.post(url, kid(), Optional.empty(), null));
    }

    @Override
    public Authorization fetchAuthorization(URI url) throws AcmeException {
        return Rfc8555Parser.authorization(sender.post(url, kid(), Optional.empty(), null), url);
    }

    @Override
    public Challenge fetchChallenge(URI url) throws AcmeException {
        return Rfc8555Parser.challenge(sender.post(url, kid(), Optional.empty(), null));
    }

    @Override
    public Authorization deactivateAuthorization(URI url) throws AcmeException {
        return Rfc8555Parser.authorization(
                sender.post(url, kid(), Optional.of(Map.of("status", "deactivated")), null), url);
    }

    @Override
    public org.certwright.acme.challenge.ChallengeContext challengeContext(Authorization authorization,
                                                                          Challenge challenge) throws AcmeException {
        return ChallengeContexts.rfc8555(authorization, challenge, accountUrl(), account.key().publicKey());
    }

    /** Every RFC 8555 challenge type is answered with the empty object {@code {}} (§7.5.1). */
    @Override
    public Challenge respond(org.certwright.acme.challenge.ChallengeContext context) throws AcmeException {
        return respond(context.challenge());
    }

    @Override
    public Challenge respond(Challenge challenge) throws AcmeException {
        return Rfc8555Parser.challenge(sender.post(challenge.url(), kid(), Optional.of(Map.of()), null));
    }

    @Override
    public Order finalizeOrder(Order order, Csr csr) throws AcmeException {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(csr.der());
        Response r = sender.post(order.finalizeUrl(), kid(), Optional.of(Map.of("csr", encoded)), null);
        return Rfc8555Parser.order(r, order.url());
    }

    // ---- certificates ----------------------------------------------------------------------

    @Override
    public Certificate fetchCertificate(URI url) throws AcmeException {
        Response r = sender.post(url, kid(), Optional.empty(), PEM_CHAIN);
        if (!r.mediaType().equals(PEM_CHAIN)) {
            throw new AcmeProtocolException("expected " + PEM_CHAIN + ", got Content-Type '" + r.mediaType() + "'",
                    r.method(), url, r.status());
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(new String(r.body(), java.nio.charset.StandardCharsets.US_ASCII));
        } catch (InvalidKeyMaterialException e) {
            throw new AcmeProtocolException("the certificate chain is not valid PEM: " + e.getMessage(), r.method(),
                    url, r.status(), e);
        }
        return Certificate.builder(url, chain)
                .alternates(r.links("alternate").stream().map(Link::certificate).toList())
                .build();
    }

    @Override
    public Certificate downloadCertificate(Order order) throws AcmeException {
        Link<Certificate> link = order.certificate().orElseThrow(() -> new IllegalStateException(
                "order " + order.url() + " has no certificate; its status is "
                        + StatusText.of(order.status(), order.otherFields())));
        return fetchCertificate(link.url());
    }

    @Override
    public RenewalInfo renewalInfo(CertificateId id) throws AcmeException {
        String base = endpoint(directory().renewalInfo(), "renewalInfo (ARI)").toString();
        URI url = URI.create((base.endsWith("/") ? base : base + "/") + id.value());
        return Rfc8555Parser.renewalInfo(sender.get(url, "application/json", Set.of(), Map.of()), id);
    }

    @Override
    public void revoke(X509Certificate certificate, RevocationReason reason, Optional<AccountKey> certificateKey)
            throws AcmeException {
        URI url = endpoint(directory().revokeCert(), "revokeCert");
        Map<String, Object> payload = new LinkedHashMap<>();
        try {
            payload.put("certificate", Base64.getUrlEncoder().withoutPadding().encodeToString(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
        payload.put("reason", reason.code());
        JwsSigner.Identity identity = certificateKey.isPresent()
                ? new JwsSigner.EmbeddedJwk(certificateKey.get()) : kid();
        sender.post(url, identity, Optional.of(payload), null);
        LOG.info("revoked certificate {} ({})", certificate.getSerialNumber().toString(16), reason);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Map<String, Object> identifierJson(Identifier id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", id.type());
        m.put("value", id.value());
        return m;
    }

    private static URI requireLocation(Response r, String what) throws AcmeProtocolException {
        return r.location().orElseThrow(() -> new AcmeProtocolException(
                "the " + what + " response has no Location header", r.method(), r.url(), r.status()));
    }
}
