package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.Authorization;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Challenge;
import org.certwright.acme.Directory;
import org.certwright.acme.Identifier;
import org.certwright.acme.Link;
import org.certwright.acme.Order;
import org.certwright.acme.OrderList;
import org.certwright.acme.Registration;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.Status;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.json.JsonObject;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.Problem;

/**
 * Reads RFC 8555 resources from responses into the immutable model, strictly: a member the RFC
 * requires must be present and of the right type, and the error says which one was not.
 * Members the model does not know are kept in {@code otherFields}.
 *
 * <p>Whatever the CA sends, the only exception that leaves a parser is
 * {@link AcmeProtocolException}, naming the request and the member: values the model would
 * refuse (malformed identifiers, bad tokens, a wildcard flag on an IP address) are checked here,
 * so that nothing fails later, with an unchecked exception, when a snapshot is used.
 */
final class Rfc8555Parser {

    private static final Set<String> DIRECTORY_FIELDS = Set.of("newNonce", "newAccount", "newOrder", "newAuthz",
            "revokeCert", "keyChange", "renewalInfo", "meta");
    private static final Set<String> META_FIELDS = Set.of("termsOfService", "website", "caaIdentities",
            "externalAccountRequired", "profiles", "subdomainAuthAllowed");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("status", "contact", "termsOfServiceAgreed", "orders");
    private static final Set<String> ORDER_FIELDS = Set.of("status", "expires", "identifiers", "notBefore", "notAfter",
            "error", "authorizations", "finalize", "certificate", "profile", "replaces");
    private static final Set<String> AUTHZ_FIELDS = Set.of("identifier", "status", "expires", "challenges", "wildcard");
    private static final Set<String> CHALLENGE_FIELDS = Set.of("type", "url", "status", "token", "validated", "error");
    private static final Set<String> RENEWAL_FIELDS = Set.of("suggestedWindow", "explanationURL");

    private Rfc8555Parser() {
    }

    /** Parses a JSON response body, checking the content type first. */
    static JsonObject json(Response r, String what) throws AcmeProtocolException {
        return json(r, what, Optional.empty());
    }

    private static JsonObject json(Response r, String what, Optional<String> arrayMember) throws AcmeProtocolException {
        String type = r.mediaType();
        if (!type.equals("application/json")) {
            throw new AcmeProtocolException("expected the " + what + " as application/json, got Content-Type '" + type
                    + "'" + (r.body().length == 0 ? "" : ", body '" + r.bodySnippet() + "'"),
                    r.method(), r.url(), r.status());
        }
        return JsonObject.parse(r.body(), new JsonObject.Origin(what, r.method(), r.url(), r.status()), arrayMember);
    }

    static Directory directory(Response r) throws AcmeProtocolException {
        JsonObject json = json(r, "directory");
        Directory.Meta meta = Directory.Meta.EMPTY;
        Optional<JsonObject> m = json.object("meta");
        if (m.isPresent()) {
            JsonObject mj = m.get();
            Map<String, String> profiles = new LinkedHashMap<>();
            Optional<JsonObject> p = mj.object("profiles");
            if (p.isPresent()) {
                for (String name : p.get().names()) {
                    profiles.put(name, p.get().string(name).orElse(""));
                }
            }
            meta = Directory.Meta.builder()
                    .termsOfService(mj.uri("termsOfService"))
                    .website(mj.uri("website"))
                    .caaIdentities(mj.stringList("caaIdentities"))
                    .externalAccountRequired(mj.bool("externalAccountRequired").orElse(false))
                    .profiles(profiles)
                    .subdomainAuthAllowed(mj.bool("subdomainAuthAllowed").orElse(false))
                    .otherFields(mj.otherFields(META_FIELDS))
                    .build();
        }
        return Directory.builder(r.url(), json.requiredUri("newAccount"))
                .newNonce(json.requiredUri("newNonce"))
                .newOrder(json.requiredUri("newOrder"))
                .newAuthz(json.uri("newAuthz"))
                .revokeCert(json.uri("revokeCert"))
                .keyChange(json.uri("keyChange"))
                .renewalInfo(json.uri("renewalInfo"))
                .meta(meta)
                .otherFields(json.otherFields(DIRECTORY_FIELDS))
                .build();
    }

    static Registration registration(Response r, URI accountUrl) throws AcmeProtocolException {
        JsonObject json = json(r, "account");
        Status status = status(json);
        return Registration.builder(accountUrl, status)
                .contacts(json.uriList("contact"))
                .termsOfServiceAgreed(json.bool("termsOfServiceAgreed"))
                .orders(json.uri("orders").map(Link::orderList))
                .termsOfService(r.links("terms-of-service").stream().findFirst())
                .otherFields(StatusText.otherFields(json, ACCOUNT_FIELDS))
                .build();
    }

    static Order order(Response r, URI url) throws AcmeProtocolException {
        JsonObject json = json(r, "order");
        List<Identifier> identifiers = new ArrayList<>();
        for (JsonObject id : json.objectList("identifiers")) {
            identifiers.add(identifier(id));
        }
        if (identifiers.isEmpty()) {
            throw json.error("order has no identifiers");
        }
        Optional<Problem> error = json.object("error").isPresent()
                ? Optional.of(ProblemReader.parse(json.requiredObject("error"), url)) : Optional.empty();
        return Order.builder(url, status(json), json.requiredUri("finalize"))
                .expires(json.instant("expires"))
                .identifiers(identifiers)
                .notBefore(json.instant("notBefore"))
                .notAfter(json.instant("notAfter"))
                .error(error)
                .authorizations(json.uriList("authorizations").stream().map(Link::authorization).toList())
                .certificate(json.uri("certificate").map(Link::certificate))
                .profile(json.string("profile"))
                .replaces(json.string("replaces"))
                .retryAfter(r.retryAfter())
                .otherFields(StatusText.otherFields(json, ORDER_FIELDS))
                .build();
    }

    static OrderList orderList(Response r) throws AcmeProtocolException {
        // A bare array of order URLs (step-ca) is read as a one-page list; anything else must be
        // the RFC's {"orders": [...]}.
        JsonObject json = json(r, "order list", Optional.of("orders"));
        if (!json.has("orders")) {
            throw json.error("required member 'orders' is missing");
        }
        return OrderList.builder(r.url())
                .orders(json.uriList("orders").stream().map(Link::order).toList())
                .next(r.links("next").stream().findFirst().map(Link::orderList))
                .build();
    }

    static Authorization authorization(Response r, URI url) throws AcmeProtocolException {
        JsonObject json = json(r, "authorization");
        List<Challenge> challenges = new ArrayList<>();
        Link<Authorization> self = Link.authorization(url);
        for (JsonObject c : json.objectList("challenges")) {
            challenges.add(challenge(c, Optional.of(self), Optional.empty()));
        }
        Identifier identifier = identifier(json.requiredObject("identifier"));
        boolean wildcard = json.bool("wildcard").orElse(false);
        if (wildcard && (!identifier.isDns() || identifier.isWildcard())) {
            // RFC 8555 §7.1.4: a wildcard authorization names the base domain; "*." is added to it.
            throw json.error("'wildcard' is true for " + identifier + ", which is not a DNS name without '*.'");
        }
        return Authorization.builder(url, status(json), identifier)
                .expires(json.instant("expires"))
                .challenges(challenges)
                .wildcard(wildcard)
                .retryAfter(r.retryAfter())
                .otherFields(StatusText.otherFields(json, AUTHZ_FIELDS))
                .build();
    }

    static Challenge challenge(Response r) throws AcmeProtocolException {
        JsonObject json = json(r, "challenge");
        return challenge(json, r.links("up").stream().findFirst().map(Link::authorization), r.retryAfter());
    }

    static Challenge challenge(JsonObject json, Optional<Link<Authorization>> up, Optional<Instant> retryAfter)
            throws AcmeProtocolException {
        URI url = json.requiredUri("url");
        Optional<Problem> error = json.object("error").isPresent()
                ? Optional.of(ProblemReader.parse(json.requiredObject("error"), url)) : Optional.empty();
        return Challenge.builder(url, json.requiredString("type"), status(json))
                .token(token(json))
                .validated(json.instant("validated"))
                .error(error)
                .authorization(up)
                .retryAfter(retryAfter)
                .otherFields(StatusText.otherFields(json, CHALLENGE_FIELDS))
                .build();
    }

    /** The token, checked as {@link ChallengeTokens} describes for every challenge type. */
    private static Optional<String> token(JsonObject json) throws AcmeProtocolException {
        return ChallengeTokens.read(json, ChallengeTokens::rfc8555Fault);
    }

    static RenewalInfo renewalInfo(Response r, CertificateId id) throws AcmeProtocolException {
        JsonObject json = json(r, "renewal information");
        JsonObject window = json.requiredObject("suggestedWindow");
        Instant start = window.instant("start").orElseThrow(() -> window.error("suggestedWindow.start is missing"));
        Instant end = window.instant("end").orElseThrow(() -> window.error("suggestedWindow.end is missing"));
        if (!end.isAfter(start)) {
            // RFC 9773 §4.2: such a window is invalid and must be treated as no response at all.
            throw json.error("suggestedWindow end " + end + " is not after its start " + start);
        }
        return RenewalInfo.builder(id, start, end)
                .explanationUrl(json.uri("explanationURL"))
                .retryAfter(r.retryAfter())
                .otherFields(json.otherFields(RENEWAL_FIELDS))
                .build();
    }

    static Identifier identifier(JsonObject json) throws AcmeProtocolException {
        String type = json.requiredString("type");
        String value = json.requiredString("value");
        try {
            return new Identifier(type, value);
        } catch (IllegalArgumentException e) {
            throw json.error("malformed identifier: " + e.getMessage());
        }
    }

    private static Status status(JsonObject json) throws AcmeProtocolException {
        // A status from a newer extension is kept as UNKNOWN rather than failing the whole resource.
        return Status.of(json.requiredString("status"));
    }
}
