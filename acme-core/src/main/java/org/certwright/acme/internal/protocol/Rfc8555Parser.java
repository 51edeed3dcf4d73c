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
        String type = r.mediaType();
        if (!type.equals("application/json")) {
            throw new AcmeProtocolException("expected the " + what + " as application/json, got Content-Type '" + type
                    + "'" + (r.body().length == 0 ? "" : ", body '" + r.bodySnippet() + "'"),
                    r.method(), r.url(), r.status());
        }
        return JsonObject.parse(r.body(), new JsonObject.Origin(what, r.method(), r.url(), r.status()));
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
            meta = new Directory.Meta(mj.uri("termsOfService"), mj.uri("website"), mj.stringList("caaIdentities"),
                    mj.bool("externalAccountRequired").orElse(false), profiles,
                    mj.bool("subdomainAuthAllowed").orElse(false), mj.otherFields(META_FIELDS));
        }
        return new Directory(r.url(), Optional.of(json.requiredUri("newNonce")), json.requiredUri("newAccount"),
                Optional.of(json.requiredUri("newOrder")), json.uri("newAuthz"), json.uri("revokeCert"),
                json.uri("keyChange"), json.uri("renewalInfo"), meta, json.otherFields(DIRECTORY_FIELDS));
    }

    static Registration registration(Response r, URI accountUrl) throws AcmeProtocolException {
        JsonObject json = json(r, "account");
        Status status = status(json);
        return new Registration(accountUrl, status, json.uriList("contact"), json.bool("termsOfServiceAgreed"),
                json.uri("orders").map(Link::orderList), Optional.empty(), Optional.empty(),
                r.links("terms-of-service").stream().findFirst(), json.otherFields(ACCOUNT_FIELDS));
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
        return new Order(url, status(json), json.instant("expires"), identifiers, json.instant("notBefore"),
                json.instant("notAfter"), error,
                json.uriList("authorizations").stream().map(Link::authorization).toList(),
                json.requiredUri("finalize"), json.uri("certificate").map(Link::certificate), json.string("profile"),
                json.string("replaces"), r.retryAfter(), json.otherFields(ORDER_FIELDS));
    }

    static OrderList orderList(Response r) throws AcmeProtocolException {
        JsonObject json = json(r, "order list");
        if (!json.has("orders")) {
            throw json.error("required member 'orders' is missing");
        }
        return new OrderList(r.url(), json.uriList("orders").stream().map(Link::order).toList(),
                r.links("next").stream().findFirst().map(Link::orderList));
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
        return new Authorization(url, status(json), identifier, json.instant("expires"), challenges, wildcard,
                List.of(), r.retryAfter(), json.otherFields(AUTHZ_FIELDS));
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
        return new Challenge(url, json.requiredString("type"), status(json), token(json),
                json.instant("validated"), error, up, retryAfter, json.otherFields(CHALLENGE_FIELDS));
    }

    /** The token, checked as {@link ChallengeTokens} describes for every challenge type. */
    private static Optional<String> token(JsonObject json) throws AcmeProtocolException {
        Optional<String> token = json.string("token");
        if (token.isPresent()) {
            Optional<String> fault = ChallengeTokens.rfc8555Fault(token.get());
            if (fault.isPresent()) {
                throw json.invalidMember("token", fault.get());
            }
        }
        return token;
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
        return new RenewalInfo(id, start, end, json.uri("explanationURL"), r.retryAfter(),
                json.otherFields(RENEWAL_FIELDS));
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
