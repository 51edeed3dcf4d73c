package org.certwright.acme.issuance;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Status;
import org.certwright.acme.TestPki;
import org.certwright.acme.crypto.KeyType;

/**
 * The state of a small RFC 8555 CA with one account: orders, authorizations, challenges and
 * certificates, and the rules that move them from one status to the next (RFC 8555 §7.1.6).
 * {@link FakeAcmeServer} puts HTTP, nonces and JWS around it.
 *
 * <p>What it does, as a real CA would:
 * <ul>
 * <li>{@code newOrder} creates one authorization per identifier, each offering the configured
 *     challenge types, except that a wildcard's authorization offers only dns-01 (as Let's Encrypt
 *     and Pebble do); a valid authorization of an earlier order is reused (RFC 8555 §7.4 allows it).</li>
 * <li>Answering a challenge makes it {@code processing}; the CA validates at once by looking at the
 *     {@link FakeInternet} (the http-01 file, the dns-01 TXT record, the tls-alpn-01 certificate),
 *     and a test-supplied {@link Validator} turns what it saw into the verdict. The answer still says
 *     {@code processing}; the next look at the authorization shows the outcome.</li>
 * <li>An order is {@code pending} until every authorization is valid, then {@code ready}; it is
 *     {@code invalid} once one authorization is. Finalizing an order that is not ready is answered
 *     with {@code orderNotReady}. Finalize checks the CSR's names against the order, issues with
 *     {@link TestPki} for the CSR's key and answers {@code processing}; later looks show {@code valid}.</li>
 * <li>The certificate is a PEM chain to {@code Root X1}, with an alternate chain to {@code Alt Root}
 *     linked by {@code rel="alternate"}.</li>
 * </ul>
 *
 * <p>Thread-safe: every method is synchronized. Requests arrive concurrently, the state is small
 * and no method does I/O.
 */
final class FakeCa {

    /** The outcome of validating one challenge: valid, or the problem the challenge fails with. */
    record Verdict(String problemType, String detail) {
        static final Verdict VALID = new Verdict(null, null);

        static Verdict invalid(String problemType, String detail) {
            return new Verdict(problemType, detail);
        }

        boolean valid() {
            return problemType == null;
        }
    }

    /** Decides a validation, given whether the expected response was published when the CA looked. */
    @FunctionalInterface
    interface Validator {
        Verdict validate(Identifier identifier, String challengeType, boolean published);
    }

    /** What a real CA does: valid exactly when the expected response was published. */
    static final Validator CHECKS_PUBLISHED = (identifier, type, published) -> published ? Verdict.VALID
            : Verdict.invalid("incorrectResponse", "the " + type + " response for " + identifier + " was not found");

    /** An error the server answers with a problem document (RFC 8555 §6.7) instead of a resource. */
    static final class AcmeError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;

        AcmeError(int status, String type, String detail) {
            super(detail);
            this.status = status;
            this.type = type;
        }
    }

    /** A downloaded certificate: the PEM chain, and the URLs of the alternate chains. */
    record PemChain(String pem, List<String> alternateUrls) {
    }

    private static final KeyPair SOMEONE_ELSES_KEY = KeyType.EC_P256.generate();
    private static final Identifier UNEXPECTED_NAME = Identifier.dns("unexpected.example");

    private final FakeInternet internet;
    private final Function<String, String> url;
    private final TestPki pki = TestPki.shared();

    // Test switches.
    private List<String> offeredTypes = List.of(Challenge.HTTP_01, Challenge.DNS_01, Challenge.TLS_ALPN_01);
    private Validator validator = CHECKS_PUBLISHED;
    private boolean validateInAnswer;
    private boolean validationHeld;
    private int orderReadyLag;
    private boolean issueForWrongKey;
    private boolean issueForWrongNames;
    private List<Identifier> orderNames;
    private int extraAuthorizations;
    private boolean authorizeOtherName;
    private List<String> brokenAlternates = List.of();

    // State.
    private String accountThumbprint;
    private int lastId;
    private final Map<String, OrderState> orders = new HashMap<>();
    private final Map<String, Authz> authorizations = new HashMap<>();
    private final Map<String, Chall> challenges = new HashMap<>();
    private final Map<String, X509Certificate> certificates = new HashMap<>();
    private final Map<Identifier, Authz> validAuthorizations = new HashMap<>();
    private final List<String> answered = new ArrayList<>();

    private final class OrderState {
        final String id = nextId();
        final List<Identifier> identifiers;
        final List<Authz> authzs;
        int readyLag = orderReadyLag;
        String certificateId;

        OrderState(List<Identifier> identifiers, List<Authz> authzs) {
            this.identifiers = identifiers;
            this.authzs = authzs;
        }
    }

    private final class Authz {
        final String id = nextId();
        final Identifier identifier; // as ordered, with "*." for a wildcard
        final List<Chall> challenges = new ArrayList<>();
        Status status = Status.PENDING;

        Authz(Identifier identifier) {
            this.identifier = identifier;
        }
    }

    private final class Chall {
        final String id = nextId();
        final String type;
        final String token;
        final Authz authz;
        Status status = Status.PENDING;
        Instant validated;
        Verdict error;

        Chall(String type, Authz authz) {
            this.type = type;
            this.authz = authz;
            // RFC 8555 §8.1: at least 128 bits of entropy, base64url. Derived from the id to keep runs alike.
            this.token = base64url(sha256("token " + id));
        }
    }

    /**
     * A CA that validates against {@code internet} and writes its resources' URLs with
     * {@code url} (a path such as {@code /order/3} to an absolute URL).
     */
    FakeCa(FakeInternet internet, Function<String, String> url) {
        this.internet = internet;
        this.url = url;
    }

    // ---- test switches -----------------------------------------------------------------------

    /** The challenge types offered for non-wildcard identifiers, in this order (default http-01, dns-01, tls-alpn-01). */
    synchronized FakeCa offer(String... types) {
        offeredTypes = List.of(types);
        return this;
    }

    /** Decides validations from now on (default {@link #CHECKS_PUBLISHED}). */
    synchronized FakeCa validateWith(Validator v) {
        validator = v;
        return this;
    }

    /**
     * Validates within the answer to a challenge, so that the answer already shows the outcome (as
     * Pebble without validation delays and step-ca sometimes do).
     */
    synchronized FakeCa validateWithinTheAnswer() {
        validateInAnswer = true;
        return this;
    }

    /** Answered challenges stay {@code processing}: the CA never gets round to validating them. */
    synchronized FakeCa holdValidation() {
        validationHeld = true;
        return this;
    }

    /**
     * Orders placed from now on still show {@code pending} the first {@code looks} times they are
     * looked at (fetched or finalized) after all their authorizations became valid, like a CA that
     * updates orders asynchronously.
     */
    synchronized FakeCa orderReadyLag(int looks) {
        orderReadyLag = looks;
        return this;
    }

    /** Certificates are issued for a key other than the CSR's. */
    synchronized FakeCa issueForWrongKey() {
        issueForWrongKey = true;
        return this;
    }

    /** Certificates name an identifier that was not ordered, besides the CSR's. */
    synchronized FakeCa issueForWrongNames() {
        issueForWrongNames = true;
        return this;
    }

    /** Orders placed from now on are for these names, whatever was requested. */
    synchronized FakeCa orderFor(String... dnsNames) {
        orderNames = java.util.Arrays.stream(dnsNames).map(Identifier::dns).toList();
        return this;
    }

    /** Orders placed from now on list {@code n} more authorizations (for other names) than identifiers. */
    synchronized FakeCa extraAuthorizations(int n) {
        extraAuthorizations = n;
        return this;
    }

    /** The first authorization of orders placed from now on is for {@code unexpected.example}, not an ordered name. */
    synchronized FakeCa authorizeOtherName() {
        authorizeOtherName = true;
        return this;
    }

    /**
     * Certificates link to these alternate chains ({@code Link rel="alternate"}, as written, so
     * they may be empty, relative or of any scheme) before the good alternate.
     */
    synchronized FakeCa brokenAlternates(String... links) {
        brokenAlternates = List.of(links);
        return this;
    }

    /** The account already holds valid authorizations for these identifiers, which new orders reuse. */
    synchronized FakeCa alreadyAuthorized(String... dnsNames) {
        for (String name : dnsNames) {
            Authz a = newAuthorization(Identifier.dns(name));
            Chall c = a.challenges.get(0);
            c.status = Status.VALID;
            c.validated = Instant.now();
            a.status = Status.VALID;
            validAuthorizations.put(a.identifier, a);
        }
        return this;
    }

    // ---- what the CA saw ---------------------------------------------------------------------

    /** The challenges clients answered, as {@code "http-01 dns:a.example"}, in the order answered. */
    synchronized List<String> answered() {
        return List.copyOf(answered);
    }

    // ---- RFC 8555 resources ------------------------------------------------------------------

    /** §7.3: creates the account for a key, or finds it; returns whether it was created. */
    synchronized boolean newAccount(Map<String, Object> jwk, Map<String, Object> payload) {
        String thumbprint;
        try {
            thumbprint = JWK.parse(jwk).computeThumbprint().toString();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new AcmeError(400, "badPublicKey", "cannot read the JWK: " + e.getMessage());
        }
        if (accountThumbprint != null && !accountThumbprint.equals(thumbprint)) {
            throw new AcmeError(400, "malformed", "this fake CA has room for one account only");
        }
        if (accountThumbprint == null && Boolean.TRUE.equals(payload.get("onlyReturnExisting"))) {
            throw new AcmeError(400, "accountDoesNotExist", "no account for this key");
        }
        boolean created = accountThumbprint == null;
        accountThumbprint = thumbprint;
        return created;
    }

    synchronized boolean hasAccount() {
        return accountThumbprint != null;
    }

    synchronized Map<String, Object> account() {
        return Map.of("status", "valid", "contact", List.of(), "orders", url.apply("/account/1/orders"));
    }

    /** §7.4: places an order; returns its id. */
    synchronized String newOrder(Map<String, Object> payload) {
        List<Identifier> identifiers = new ArrayList<>();
        if (!(payload.get("identifiers") instanceof List<?> list) || list.isEmpty()) {
            throw new AcmeError(400, "malformed", "the order has no identifiers");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !"dns".equals(m.get("type")) || !(m.get("value") instanceof String v)) {
                throw new AcmeError(400, "rejectedIdentifier", "this fake CA issues for DNS names only: " + o);
            }
            identifiers.add(Identifier.dns(v));
        }
        if (orderNames != null) {
            identifiers = orderNames;
        }
        List<Authz> authzs = new ArrayList<>();
        for (Identifier id : identifiers) {
            Authz reusable = validAuthorizations.get(id);
            authzs.add(reusable != null ? reusable : newAuthorization(id));
        }
        if (authorizeOtherName) {
            authzs.set(0, newAuthorization(UNEXPECTED_NAME));
        }
        for (int i = 0; i < extraAuthorizations; i++) {
            authzs.add(newAuthorization(Identifier.dns("extra-" + i + ".example")));
        }
        OrderState order = new OrderState(List.copyOf(identifiers), authzs);
        orders.put(order.id, order);
        return order.id;
    }

    synchronized Map<String, Object> order(String id) {
        return render(find(orders, id, "order"), Optional.empty());
    }

    synchronized Map<String, Object> authorization(String id) {
        return render(find(authorizations, id, "authorization"));
    }

    synchronized Map<String, Object> challenge(String id) {
        return render(find(challenges, id, "challenge"));
    }

    /** The URL of a challenge's authorization, for {@code Link rel="up"}. */
    synchronized String authorizationUrlOf(String challengeId) {
        return url.apply("/authz/" + find(challenges, challengeId, "challenge").authz.id);
    }

    /**
     * §7.5.1: the client says it is ready. The answer shows {@code processing}; meanwhile the CA
     * validates (unless held), so the next look shows the outcome.
     */
    synchronized Map<String, Object> respond(String challengeId) {
        Chall c = find(challenges, challengeId, "challenge");
        if (c.status != Status.PENDING || c.authz.status != Status.PENDING) {
            return render(c); // answering again changes nothing
        }
        answered.add(c.type + " " + c.authz.identifier);
        internet.record("answered " + c.type + " " + c.authz.identifier);
        c.status = Status.PROCESSING;
        Map<String, Object> reply = validateInAnswer ? null : render(c);
        if (!validationHeld) {
            validate(c);
        }
        return reply != null ? reply : render(c);
    }

    /** §7.4: checks the CSR and issues; answers the order as {@code processing}. */
    synchronized Map<String, Object> finalizeOrder(String orderId, Map<String, Object> payload) {
        OrderState order = find(orders, orderId, "order");
        Status status = status(order);
        if (status != Status.READY) {
            throw new AcmeError(403, "orderNotReady", "the order is " + status.wireValue() + ", not ready");
        }
        if (!(payload.get("csr") instanceof String encoded)) {
            throw new AcmeError(400, "malformed", "finalize needs a csr");
        }
        PKCS10CertificationRequest csr;
        PublicKey csrKey;
        try {
            csr = new PKCS10CertificationRequest(Base64.getUrlDecoder().decode(encoded));
            csrKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csrKey))) {
                throw new AcmeError(400, "badCSR", "the CSR's signature does not verify");
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException
                 | org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
            throw new AcmeError(400, "badCSR", "cannot read the CSR: " + e);
        }
        Set<Identifier> named = namesIn(csr);
        if (!named.equals(Set.copyOf(order.identifiers))) {
            throw new AcmeError(400, "badCSR", "the CSR names " + named + ", the order is for " + order.identifiers);
        }
        List<Identifier> certified = new ArrayList<>(named);
        if (issueForWrongNames) {
            certified.add(UNEXPECTED_NAME);
        }
        X509Certificate leaf = pki.leaf(issueForWrongKey ? SOMEONE_ELSES_KEY.getPublic() : csrKey, certified);
        order.certificateId = nextId();
        certificates.put(order.certificateId, leaf);
        return render(order, Optional.of(Status.PROCESSING)); // issued, but say so only on the next look
    }

    /** §7.4.2: the chain to Root X1 with a link to the alternate, or the alternate chain to Alt Root. */
    synchronized PemChain certificate(String id, boolean alternate) {
        X509Certificate leaf = find(certificates, id, "certificate");
        if (alternate) {
            return new PemChain(TestPki.pem(pki.alternateChain(leaf)), List.of());
        }
        List<String> alternates = new ArrayList<>(brokenAlternates);
        alternates.add(url.apply("/cert/" + id + "/alternate"));
        return new PemChain(TestPki.pem(pki.chain(leaf)), alternates);
    }

    // ---- rules -------------------------------------------------------------------------------

    private Authz newAuthorization(Identifier identifier) {
        Authz a = new Authz(identifier);
        // Wildcards can be validated by DNS only (CA/Browser Forum rules; Let's Encrypt and Pebble alike).
        List<String> types = identifier.isWildcard() ? offeredTypes.stream().filter(Challenge.DNS_01::equals).toList()
                : offeredTypes;
        for (String type : types) {
            Chall c = new Chall(type, a);
            a.challenges.add(c);
            challenges.put(c.id, c);
        }
        authorizations.put(a.id, a);
        return a;
    }

    private void validate(Chall c) {
        Verdict verdict = validator.validate(c.authz.identifier, c.type, isPublished(c));
        if (verdict.valid()) {
            c.status = Status.VALID;
            c.validated = Instant.now();
            c.authz.status = Status.VALID;
            validAuthorizations.put(c.authz.identifier, c.authz);
            internet.record("validated " + c.type + " " + c.authz.identifier);
        } else {
            // §7.5.1: a failed challenge makes its authorization invalid, and with it the order.
            c.status = Status.INVALID;
            c.error = verdict;
            c.authz.status = Status.INVALID;
            internet.record("rejected " + c.type + " " + c.authz.identifier);
        }
    }

    /** Looks where a CA would look for the challenge's response (RFC 8555 §8.3, §8.4; RFC 8737 §3). */
    private boolean isPublished(Chall c) {
        String keyAuthorization = c.token + "." + accountThumbprint;
        String name = c.authz.identifier.baseName();
        return switch (c.type) {
            case Challenge.HTTP_01 -> internet.fetch(name, "/.well-known/acme-challenge/" + c.token)
                    .map(body -> body.strip().equals(keyAuthorization)).orElse(false);
            case Challenge.DNS_01 -> internet.txt("_acme-challenge." + name)
                    .contains(base64url(sha256(keyAuthorization)));
            case Challenge.TLS_ALPN_01 -> internet.presentsAlpnCertificate(name, sha256(keyAuthorization));
            default -> false;
        };
    }

    /** §7.1.6: an order's status follows from its authorizations and whether it was finalized. */
    private Status status(OrderState o) {
        if (o.certificateId != null) {
            return Status.VALID;
        }
        if (o.authzs.stream().anyMatch(a -> a.status == Status.INVALID)) {
            return Status.INVALID;
        }
        if (o.authzs.stream().allMatch(a -> a.status == Status.VALID)) {
            if (o.readyLag > 0) {
                o.readyLag--;
                return Status.PENDING;
            }
            return Status.READY;
        }
        return Status.PENDING;
    }

    private Map<String, Object> render(OrderState o, Optional<Status> shown) {
        Status status = shown.orElseGet(() -> status(o));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.wireValue());
        m.put("expires", Instant.now().plus(Duration.ofDays(7)).toString());
        m.put("identifiers", o.identifiers.stream().map(id -> Map.of("type", id.type(), "value", id.value())).toList());
        m.put("authorizations", o.authzs.stream().map(a -> url.apply("/authz/" + a.id)).toList());
        m.put("finalize", url.apply("/order/" + o.id + "/finalize"));
        if (status == Status.INVALID) {
            m.put("error", problem("unauthorized", "an authorization of the order failed"));
        }
        if (status == Status.VALID) {
            m.put("certificate", url.apply("/cert/" + o.certificateId));
        }
        return m;
    }

    private Map<String, Object> render(Authz a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identifier", Map.of("type", "dns", "value", a.identifier.baseName()));
        m.put("status", a.status.wireValue());
        m.put("expires", Instant.now().plus(Duration.ofDays(30)).toString());
        m.put("challenges", a.challenges.stream().map(this::render).toList());
        if (a.identifier.isWildcard()) {
            m.put("wildcard", true);
        }
        return m;
    }

    private Map<String, Object> render(Chall c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type);
        m.put("url", url.apply("/chall/" + c.id));
        m.put("status", c.status.wireValue());
        m.put("token", c.token);
        if (c.validated != null) {
            m.put("validated", c.validated.toString());
        }
        if (c.error != null) {
            m.put("error", problem(c.error.problemType(), c.error.detail()));
        }
        return m;
    }

    static Map<String, Object> problem(String type, String detail) {
        return Map.of("type", "urn:ietf:params:acme:error:" + type, "detail", detail);
    }

    private static Set<Identifier> namesIn(PKCS10CertificationRequest csr) {
        Set<Identifier> names = new LinkedHashSet<>();
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            for (GeneralName n : sans == null ? new GeneralName[0] : sans.getNames()) {
                if (n.getTagNo() == GeneralName.dNSName) {
                    names.add(Identifier.dns(DERIA5String.getInstance(n.getName()).getString()));
                } else if (n.getTagNo() == GeneralName.iPAddress) {
                    try {
                        names.add(Identifier.ip(InetAddress.getByAddress(
                                ASN1OctetString.getInstance(n.getName()).getOctets())));
                    } catch (IOException e) {
                        throw new AcmeError(400, "badCSR", "bad iPAddress in the CSR");
                    }
                }
            }
        }
        return names;
    }

    private <T> T find(Map<String, T> resources, String id, String what) {
        T r = resources.get(id);
        if (r == null) {
            throw new AcmeError(404, "malformed", "no " + what + " " + id);
        }
        return r;
    }

    private String nextId() {
        return Integer.toString(++lastId);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
