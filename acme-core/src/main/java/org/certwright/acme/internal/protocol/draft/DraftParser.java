package org.certwright.acme.internal.protocol.draft;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.certwright.acme.Authorization;
import org.certwright.acme.Challenge;
import org.certwright.acme.DraftFields;
import org.certwright.acme.Identifier;
import org.certwright.acme.Link;
import org.certwright.acme.Registration;
import org.certwright.acme.Status;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.json.JsonObject;
import org.certwright.acme.internal.protocol.ChallengeTokens;
import org.certwright.acme.internal.protocol.StatusText;
import org.certwright.acme.internal.protocol.ProblemReader;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.Problem;

/**
 * Reads draft-barnes-acme resources into the same model RFC 8555 resources go into. Where the
 * draft differs, this is where it is handled:
 * <ul>
 *   <li>a missing {@code status} means {@code pending};</li>
 *   <li>{@code challenges} is an array (-02), or in -01 a dictionary keyed by type;</li>
 *   <li>challenges are addressed by {@code uri}, not {@code url};</li>
 *   <li>the identifier type {@code domain} of the -01 examples is read as {@code dns};</li>
 *   <li>{@code agreement}, {@code recoveryToken} and {@code combinations}, which RFC 8555 does not
 *       have, stay in {@code otherFields} as the members they are
 *       ({@link org.certwright.acme.DraftFields} reads them), except that without
 *       {@code combinations} the client must complete <em>all</em> challenges, which is recorded
 *       as the one combination of every challenge;</li>
 *   <li>timestamps may be dates ({@code "2015-03-01"}) or lack seconds, as in the draft's examples.</li>
 * </ul>
 */
final class DraftParser {

    private static final Set<String> REGISTRATION_FIELDS = Set.of("key", "contact");
    private static final Set<String> AUTHZ_FIELDS = Set.of("identifier", "status", "expires", "challenges");
    private static final Set<String> CHALLENGE_FIELDS = Set.of("type", "uri", "status", "token", "validated", "error");

    private DraftParser() {
    }

    /**
     * Parses a JSON body. The draft's examples show {@code application/json}; a body without a
     * content type is read as JSON too, since the draft's own GET example sends none.
     */
    static JsonObject json(Response r, String what) throws AcmeProtocolException {
        String type = r.mediaType();
        if (!type.equals("application/json") && !type.isEmpty()) {
            throw new AcmeProtocolException("expected the " + what + " as application/json, got Content-Type '" + type
                    + "'" + (r.body().length == 0 ? "" : ", body '" + r.bodySnippet() + "'"),
                    r.method(), r.url(), r.status());
        }
        return JsonObject.parse(r.body(), new JsonObject.Origin(what, r.method(), r.url(), r.status()));
    }

    /**
     * A registration. The draft gives it no status; a registration the CA returns exists and is
     * reported as {@code valid}.
     */
    static Registration registration(Response r, URI url) throws AcmeProtocolException {
        JsonObject json = json(r, "registration");
        // Read typed here only to reject a malformed one; it stays in otherFields for DraftFields.
        Optional<URI> agreement = json.uri(DraftFields.AGREEMENT);
        json.string(DraftFields.RECOVERY_TOKEN);
        return Registration.builder(url, Status.VALID)
                .contacts(json.uriList("contact"))
                .termsOfServiceAgreed(agreement.isPresent() ? Optional.of(true) : Optional.empty())
                .termsOfService(r.links("terms-of-service").stream().findFirst())
                .otherFields(StatusText.otherFields(json, REGISTRATION_FIELDS))
                .build();
    }

    static Authorization authorization(Response r, URI url) throws AcmeProtocolException {
        JsonObject json = json(r, "authorization");
        Link<Authorization> self = Link.authorization(url);
        List<Challenge> challenges = new ArrayList<>();
        Optional<JsonObject> dictionary = dictionary(json);
        if (dictionary.isPresent()) {
            // -01: a dictionary keyed by type, read in the order of the type names.
            for (String type : dictionary.get().names().stream().sorted().toList()) {
                challenges.add(challenge(dictionary.get().requiredObject(type), Optional.of(type),
                        withoutUri(url, challenges.size()), Optional.of(self), r.retryAfter()));
            }
        } else {
            for (JsonObject c : json.objectList("challenges")) {
                challenges.add(challenge(c, Optional.empty(), withoutUri(url, challenges.size()), Optional.of(self),
                        r.retryAfter()));
            }
        }
        List<List<Integer>> combinations = json.intListList("combinations");
        for (List<Integer> combination : combinations) {
            for (int index : combination) {
                if (index < 0 || index >= challenges.size()) {
                    throw json.error("combination " + combination + " names challenge " + index + " of "
                            + challenges.size());
                }
            }
        }
        if (!json.has("combinations") && !challenges.isEmpty()) {
            // Draft: "If no combinations element is included, the client completes all challenges."
            combinations = List.of(IntStream.range(0, challenges.size()).boxed().toList());
        }
        Map<String, Object> other = new LinkedHashMap<>(StatusText.otherFields(json, AUTHZ_FIELDS));
        if (!combinations.isEmpty()) {
            other.put(DraftFields.COMBINATIONS, combinations);
        }
        return Authorization.builder(url, status(json), identifier(json.requiredObject("identifier")))
                .expires(instant(json, "expires"))
                .challenges(challenges)
                .retryAfter(r.retryAfter())
                .otherFields(other)
                .build();
    }

    /** The -01 dictionary of challenges, or empty for the -02 array (or no challenges). */
    private static Optional<JsonObject> dictionary(JsonObject json) {
        try {
            return json.object("challenges");
        } catch (AcmeProtocolException e) {
            return Optional.empty(); // not an object: the array is read (and checked) instead
        }
    }

    /** A challenge from the response to its POST or GET; its authorization is the {@code up} link. */
    static Challenge challenge(Response r, URI url) throws AcmeProtocolException {
        JsonObject json = json(r, "challenge");
        return challenge(json, Optional.empty(), url, r.links("up").stream().findFirst().map(Link::authorization),
                r.retryAfter());
    }

    /**
     * The identity of a challenge without a {@code uri} (the final authorization of the -01
     * examples): it cannot be answered, but it still needs one, which a fragment of its
     * authorization's URL gives.
     */
    private static URI withoutUri(URI authorizationUrl, int index) {
        return URI.create(authorizationUrl + "#challenge-" + index);
    }

    private static Challenge challenge(JsonObject json, Optional<String> typeFromKey, URI urlIfAbsent,
                                       Optional<Link<Authorization>> up, Optional<Instant> retryAfter)
            throws AcmeProtocolException {
        String type = typeFromKey.isPresent() ? json.string("type").orElse(typeFromKey.get())
                : json.requiredString("type");
        URI url = json.uri("uri").orElse(urlIfAbsent);
        Optional<Problem> error = json.object("error").isPresent()
                ? Optional.of(ProblemReader.parse(json.requiredObject("error"), url)) : Optional.empty();
        return Challenge.builder(url, type, status(json))
                .token(token(json))
                .validated(instant(json, "validated"))
                .error(error)
                .authorization(up)
                .retryAfter(retryAfter)
                .otherFields(StatusText.otherFields(json, CHALLENGE_FIELDS))
                .build();
    }

    /**
     * The token, checked as {@link ChallengeTokens} describes for the draft: content to serve,
     * so printable ASCII. A {@code path} a CA echoes back is kept in {@code otherFields} and
     * never used; the client chooses its own.
     */
    private static Optional<String> token(JsonObject json) throws AcmeProtocolException {
        return ChallengeTokens.read(json, ChallengeTokens::draftFault);
    }

    /** An identifier; {@code domain} (the -01 examples) is read as {@code dns}. */
    static Identifier identifier(JsonObject json) throws AcmeProtocolException {
        String type = json.requiredString("type");
        String value = json.requiredString("value");
        try {
            return new Identifier("domain".equals(type) ? Identifier.TYPE_DNS : type, value);
        } catch (IllegalArgumentException e) {
            throw json.error("malformed identifier: " + e.getMessage());
        }
    }

    /** The status; absent means {@code pending} in the draft. */
    private static Status status(JsonObject json) throws AcmeProtocolException {
        return json.string("status").map(Status::of).orElse(Status.PENDING);
    }

    /** An RFC 3339 timestamp, or a bare date as in the draft's examples ({@code "2015-03-01"}). */
    static Optional<Instant> instant(JsonObject json, String name) throws AcmeProtocolException {
        Optional<String> s = json.string(name);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(s.get()).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException e2) {
                throw json.error("member '" + name + "' is not an RFC 3339 timestamp or date: '" + s.get() + "'");
            }
        }
    }
}
